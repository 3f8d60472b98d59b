import { BlockList, isIP } from 'node:net';
import { authFailed, authUnavailable, invalidAuthParams } from './failures';
import {
  EMPTY_BODY_SHA256,
  mimeType,
  parseAuthorization,
  parseRequestDate,
  sha256Hex,
  sign,
  signaturesEqual,
  type SignedParts,
} from './hmac';
import type { KeypairRecord, KeypairSource } from './keypairs';
import type { ReplayStore } from './redisState';

/** What the verifier reads from an HTTP request. Nothing comes from X-Forwarded-*. */
export interface SignedRequest {
  method: string;
  /** The raw path including the query string, as received. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Uint8Array | undefined;
  /** The TCP peer address. */
  remoteAddress: string | undefined;
}

export interface KeypairVerifierOptions {
  keypairs: KeypairSource;
  replay: ReplayStore;
  skewMs: number;
  /**
   * false (Backend.AI compatible): the signed body hash may be the real body's or the empty
   * string's, which is what Backend.AI clients >= v4.20181215 send. true: only the real body's.
   */
  requireBodyHash: boolean;
  now?: () => number;
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  if (Array.isArray(v)) throw invalidAuthParams(`Duplicate ${name} header`);
  return v === undefined || v === '' ? undefined : v;
}

/** Signs for unknown or inactive access keys, so they cost the same HMAC work as a wrong secret. */
const DUMMY_SECRET = 'fedmgmt-unknown-access-key-dummy-secret';

/**
 * Verifies a Backend.AI HMAC-signed request. Cheap checks first (header shape, date window,
 * version), then the cached keypair, the constant-time signature compare, the client IP,
 * and last the replay cache, which fails closed when Redis cannot answer.
 *
 * An unknown or inactive access key and a wrong signature answer the same 401 "Signature
 * mismatch" (the real reason is kept in AuthFailure.detail for the log), so a caller cannot
 * probe which access keys exist.
 */
export async function verifyKeypairRequest(
  req: SignedRequest,
  opts: KeypairVerifierOptions,
): Promise<KeypairRecord> {
  const params = parseAuthorization(header(req, 'authorization') ?? '');
  const rawDate =
    header(req, 'date') ?? header(req, 'x-backendai-date') ?? header(req, 'x-sorna-date');
  const date = rawDate === undefined ? undefined : parseRequestDate(rawDate);
  const now = (opts.now ?? Date.now)();
  if (!rawDate || !date || Math.abs(date.at - now) >= opts.skewMs)
    throw invalidAuthParams('Date/time sync error');
  const newVersion = header(req, 'x-backendai-version');
  const version = newVersion ?? header(req, 'x-sorna-version');
  if (!version) throw invalidAuthParams('API version missing in request headers');
  const host = header(req, 'host');
  if (!host) throw invalidAuthParams('Missing or malformed authorization parameters');

  const keypair = await lookup(opts.keypairs, params.accessKey);
  const parts: SignedParts = {
    method: req.method,
    path: req.path,
    rawDate,
    host,
    contentType: mimeType(header(req, 'content-type')),
    version,
    legacyVersionHeader: newVersion === undefined,
    bodySha256Hex: sha256Hex(req.rawBody ?? new Uint8Array()),
  };
  const usable = keypair !== undefined && keypair.is_active;
  const secret = usable ? keypair.secret_key : DUMMY_SECRET;
  let ok = signaturesEqual(sign(secret, date.ymd, parts), params.signature);
  if (!opts.requireBodyHash && parts.bodySha256Hex !== EMPTY_BODY_SHA256) {
    const compat = signaturesEqual(
      sign(secret, date.ymd, { ...parts, bodySha256Hex: EMPTY_BODY_SHA256 }),
      params.signature,
    );
    ok = ok || compat;
  }
  if (!usable)
    throw authFailed(
      'Signature mismatch',
      keypair ? 'Access key inactive' : 'Access key not found',
    );
  if (!ok) throw authFailed('Signature mismatch');
  checkClientIp(keypair, req.remoteAddress);
  await checkReplay(opts, params.accessKey, replayKey(params.signature, parts.bodySha256Hex));
  return keypair;
}

async function lookup(
  source: KeypairSource,
  accessKey: string,
): Promise<KeypairRecord | undefined> {
  try {
    return await source.get(accessKey);
  } catch {
    throw authUnavailable();
  }
}

/**
 * What makes a request a replay: the same signature AND the same body. Backend.AI clients
 * (client-py, the web UI's JS client) sign the empty body's hash for API >= v4.20181215 and a
 * millisecond (JS) or microsecond date, so different operations sent at one instant share a
 * signature; they are different requests and must all pass. Sending the same bytes again is
 * refused. The body hash is that of the bytes received, whatever hash the signature covers.
 */
export function replayKey(signature: string, bodySha256Hex: string): string {
  return `${signature.toLowerCase()}:${bodySha256Hex}`;
}

async function checkReplay(
  opts: KeypairVerifierOptions,
  accessKey: string,
  key: string,
): Promise<void> {
  let fresh: boolean;
  try {
    fresh = await opts.replay.remember(accessKey, key, opts.skewMs * 2);
  } catch {
    throw authUnavailable();
  }
  if (!fresh) throw authFailed('Replayed request');
}

/** The TCP peer, with IPv4-mapped IPv6 addresses unwrapped. */
export function normalizeAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** `allowed_client_ip` entries are addresses or CIDR ranges; the peer address is the only input. */
export function checkClientIp(keypair: KeypairRecord, remoteAddress: string | undefined): void {
  const allowed = keypair.allowed_client_ip;
  if (!allowed || allowed.length === 0) return;
  const addr = normalizeAddress(remoteAddress);
  const family = addr ? isIP(addr) : 0;
  if (!addr || family === 0) throw authFailed('Not allowed IP address');
  const list = new BlockList();
  for (const entry of allowed) {
    const [ip = '', bits] = entry.trim().split('/');
    const f = isIP(ip);
    const type = f === 4 ? 'ipv4' : 'ipv6';
    try {
      if (f !== 0 && bits === undefined) list.addAddress(ip, type);
      else if (f !== 0 && /^\d{1,3}$/.test(bits ?? '')) list.addSubnet(ip, Number(bits), type);
    } catch {
      // An invalid prefix length allows nothing.
    }
  }
  if (!list.check(addr, family === 4 ? 'ipv4' : 'ipv6'))
    throw authFailed(`'${addr}' is not allowed IP address`);
}
