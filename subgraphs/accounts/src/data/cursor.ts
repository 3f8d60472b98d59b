import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { badInput } from '../errors';

/**
 * Opaque, tamper-evident cursors: base64url(JSON {q, k}) + '.' + HMAC. `k` is the last index
 * member returned, so the next page starts strictly after it: inserts and deletes elsewhere
 * never make a page skip or repeat an item. `q` binds the cursor to the query shape.
 */
export class Cursors {
  constructor(private readonly secret: string) {}

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 32);
  }

  static shape(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
  }

  encode(shape: string, key: string): string {
    const payload = Buffer.from(JSON.stringify({ q: shape, k: key }), 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The position inside the cursor, or a BAD_USER_INPUT error for anything forged or foreign. */
  decode(cursor: string, shape: string): string {
    const [payload, mac, extra] = cursor.split('.');
    const expected = payload ? this.mac(payload) : '';
    const ok =
      payload &&
      mac &&
      extra === undefined &&
      mac.length === expected.length &&
      timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
    if (!ok) throw badInput('Invalid cursor', 'after');
    let parsed: { q?: unknown; k?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        q?: unknown;
        k?: unknown;
      };
    } catch {
      throw badInput('Invalid cursor', 'after');
    }
    if (parsed.q !== shape || typeof parsed.k !== 'string') {
      throw badInput(
        'The cursor belongs to a different query (filter, sorting or activeness changed)',
        'after',
      );
    }
    return parsed.k;
  }
}
