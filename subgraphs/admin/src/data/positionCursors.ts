import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';

/**
 * Opaque, tamper-proof connection cursors: base64url(JSON {q, p}) + '.' + HMAC-SHA256. `p` is the
 * position of the edge in the ordered result; `q` binds the cursor to the query shape (field,
 * filter, order and the caller's scope), so a cursor from another query or caller is refused.
 */
export class PositionCursors {
  constructor(private readonly key: Buffer) {}

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 32);
  }

  static shape(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
  }

  encode(shape: string, position: number): string {
    const payload = Buffer.from(JSON.stringify({ q: shape, p: position }), 'utf8').toString(
      'base64url',
    );
    return `${payload}.${this.mac(payload)}`;
  }

  /** The position inside the cursor, or a BAD_USER_INPUT error for anything forged or foreign. */
  decode(cursor: string, shape: string, argument: string): number {
    const invalid = (message = 'Invalid cursor') =>
      new GraphQLError(`${message} (${argument})`, {
        extensions: { code: 'BAD_USER_INPUT', argument },
      });
    const [payload, mac, extra] = cursor.split('.');
    const expected = payload ? this.mac(payload) : '';
    const ok =
      payload &&
      mac &&
      extra === undefined &&
      mac.length === expected.length &&
      timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
    if (!ok) throw invalid();
    let parsed: { q?: unknown; p?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        q?: unknown;
        p?: unknown;
      };
    } catch {
      throw invalid();
    }
    if (parsed.q !== shape)
      throw invalid('The cursor belongs to a different query (filter, order or caller changed)');
    if (typeof parsed.p !== 'number' || !Number.isInteger(parsed.p) || parsed.p < 0)
      throw invalid();
    return parsed.p;
  }
}
