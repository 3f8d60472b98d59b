import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { invalidAuthParams } from './failures';

/**
 * Backend.AI request signing (manager/api/auth.py, client/auth.py), byte for byte, so that
 * Backend.AI's own clients authenticate unchanged:
 *   key = HMAC(HMAC(secret, YYYYmmdd of the request date), host)
 *   signature = hex(HMAC(key, METHOD\npath\nraw date\nhost:<host>\ncontent-type:<ct>\nx-backendai-version:<v>\n<hex sha256(body)>))
 * Only HMAC-SHA256 is accepted (Backend.AI also takes any hashlib name, e.g. HMAC-MD5).
 */
export const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex');
const SIGNATURE_BYTES = 32;

export interface AuthorizationParams {
  signMethod: string;
  accessKey: string;
  signature: string;
}

/** `BackendAI signMethod=HMAC-SHA256, credential=<ak>:<sig>` (or the legacy `Sorna` type). */
export function parseAuthorization(header: string): AuthorizationParams {
  const space = header.indexOf(' ');
  if (space < 0) throw invalidAuthParams('Malformed authorization header');
  const type = header.slice(0, space);
  if (type !== 'BackendAI' && type !== 'Sorna')
    throw invalidAuthParams('Invalid authorization type name');
  const params = new Map<string, string>();
  for (const piece of header.slice(space + 1).split(',')) {
    const eq = piece.indexOf('=');
    if (eq < 0) throw invalidAuthParams('Missing or malformed authorization parameters');
    params.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const credential = params.get('credential') ?? '';
  const colon = credential.indexOf(':');
  const signMethod = params.get('signMethod');
  if (!signMethod || colon <= 0)
    throw invalidAuthParams('Missing or malformed authorization parameters');
  if (signMethod.toLowerCase() !== 'hmac-sha256')
    throw invalidAuthParams('Unsupported request signing method (hash type)');
  return {
    signMethod,
    accessKey: credential.slice(0, colon),
    signature: credential.slice(colon + 1),
  };
}

export interface RequestDate {
  at: number;
  /** YYYYmmdd in the header's own timezone, as Backend.AI's strftime sees it. */
  ymd: string;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses an ISO 8601 or RFC 7231 date; a value without a zone is UTC. */
export function parseRequestDate(raw: string): RequestDate | undefined {
  if (raw.length > 64) return undefined;
  const value = raw.trim();
  const iso = ISO_DATE.exec(value);
  if (iso) {
    const at = Date.parse(`${value.replace(' ', 'T')}${iso[4] && !iso[7] ? 'Z' : ''}`);
    return Number.isNaN(at) ? undefined : { at, ymd: `${iso[1]}${iso[2]}${iso[3]}` };
  }
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return { at, ymd: new Date(at).toISOString().slice(0, 10).replace(/-/g, '') };
}

export interface SignedParts {
  method: string;
  /** The raw path including the query string. */
  path: string;
  rawDate: string;
  host: string;
  contentType: string;
  version: string;
  /** `x-sorna-version` when only the legacy header was sent. */
  legacyVersionHeader?: boolean;
  bodySha256Hex: string;
}

export function stringToSign(p: SignedParts): string {
  return [
    p.method.toUpperCase(),
    p.path,
    p.rawDate,
    `host:${p.host}`,
    `content-type:${p.contentType}`,
    `x-${p.legacyVersionHeader ? 'sorna' : 'backendai'}-version:${p.version}`,
    p.bodySha256Hex,
  ].join('\n');
}

export function signingKey(secretKey: string, ymd: string, host: string): Buffer {
  const k1 = createHmac('sha256', secretKey).update(ymd).digest();
  return createHmac('sha256', k1).update(host).digest();
}

export function sign(secretKey: string, ymd: string, parts: SignedParts): string {
  return createHmac('sha256', signingKey(secretKey, ymd, parts.host))
    .update(stringToSign(parts))
    .digest('hex');
}

/** Constant-time comparison of two hex digests; a wrong length is refused before comparing. */
export function signaturesEqual(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-fA-F]+$/.test(givenHex) || givenHex.length !== SIGNATURE_BYTES * 2) return false;
  const given = Buffer.from(givenHex, 'hex');
  const expected = Buffer.from(expectedHex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** "application/json; charset=utf-8" -> "application/json", as aiohttp's request.content_type. */
export function mimeType(header: string | undefined): string {
  return (header ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}
