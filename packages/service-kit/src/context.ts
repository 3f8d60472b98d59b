import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { stringify as stableStringify } from 'safe-stable-stringify';

/**
 * The contract between the gateway and every subgraph.
 *
 * The gateway authenticates the caller, then sends each subgraph fetch one header,
 * `x-internal-auth`, holding a short-lived context MACed with HMAC-SHA256 (format below):
 *   iss = "fedmgmt-gateway", aud = <subgraph name>, exp <= 60 s, iat, jti,
 *   ctx = the AuthContext below,
 *   bh  = sha256 of the exact operation (query + canonical variables) it authorises.
 * Each subgraph has its own secret, so one subgraph's key cannot mint contexts for another.
 * A subgraph refuses (401) any request without a valid context, a reused jti, or a body
 * that does not match `bh` — including `_entities` calls.
 */
export const INTERNAL_AUTH_HEADER = 'x-internal-auth';
export const CONTEXT_ISSUER = 'fedmgmt-gateway';
export const MAX_CONTEXT_TTL_SECONDS = 60;
const MIN_SECRET_BYTES = 32;

export type PrincipalKind = 'keypair' | 'token' | 'service' | 'anonymous';

/** A Backend.AI user as the admin subgraph knows it. */
export interface ContextUser {
  uuid: string;
  email: string;
  role: 'superadmin' | 'admin' | 'user' | 'monitor';
  domain: string;
  accessKey?: string;
}

export interface AuthContext {
  kind: PrincipalKind;
  requestId: string;
  /** Set for keypair callers, and for tokens mapped to an admin user. */
  user?: ContextUser;
  /** Token subject, or the access key for keypair callers. */
  subject?: string;
  scopes: string[];
  groups: string[];
  /** Curity self-service: the account the caller owns. */
  accountId?: string;
}

export interface OperationBody {
  query?: unknown;
  variables?: unknown;
}

export class ContextError extends Error {
  constructor(readonly reason: string) {
    super(`invalid internal auth context: ${reason}`);
    this.name = 'ContextError';
  }
}

export function secretKey(secret: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_SECRET_BYTES) {
    throw new Error(`internal auth secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return key;
}

/** The hash that binds a context to one operation. */
export function operationHash(body: OperationBody): string {
  const query = typeof body.query === 'string' ? body.query : '';
  const variables = body.variables ?? {};
  return createHash('sha256')
    .update(query)
    .update('\n')
    .update(stableStringify(variables))
    .digest('base64url');
}

export interface MintOptions {
  audience: string;
  key: Uint8Array;
  ttlSeconds?: number;
  body: OperationBody;
}

/**
 * `v2.<payload>.<mac>`: payload = base64url(JSON {aud, iat, exp, jti, bh, ctx}), mac =
 * base64url(HMAC-SHA256(key, "fedmgmt-ctx.v2." + payload)). One HMAC with node:crypto instead of a
 * JWS: the gateway mints one per subgraph fetch, so this is on the hot path of every request.
 */
export const CONTEXT_VERSION = 'v2';
const MAC_PREFIX = `fedmgmt-ctx.${CONTEXT_VERSION}.`;
const CLOCK_TOLERANCE_SECONDS = 2;

function mac(key: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', key).update(MAC_PREFIX).update(payload).digest();
}

export function mintContextSync(ctx: AuthContext, opts: MintOptions): string {
  const ttl = Math.min(opts.ttlSeconds ?? 30, MAX_CONTEXT_TTL_SECONDS);
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    iss: CONTEXT_ISSUER,
    aud: opts.audience,
    iat,
    exp: iat + ttl,
    jti: randomUUID(),
    bh: operationHash(opts.body),
    ctx,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${CONTEXT_VERSION}.${payload}.${mac(opts.key, payload).toString('base64url')}`;
}

export async function mintContext(ctx: AuthContext, opts: MintOptions): Promise<string> {
  return mintContextSync(ctx, opts);
}

/** Remembers seen jtis until they expire; a subgraph replica keeps its own. */
export interface ReplayCache {
  /** Returns false when the id was seen before. */
  remember(id: string, expiresAtMs: number): boolean;
}

export function memoryReplayCache(maxEntries = 200_000): ReplayCache {
  const seen = new Map<string, number>();
  return {
    remember(id, expiresAtMs) {
      const now = Date.now();
      if (seen.size >= maxEntries) {
        for (const [k, exp] of seen) if (exp <= now) seen.delete(k);
        // Fail closed rather than grow without bound.
        if (seen.size >= maxEntries) return false;
      }
      const exp = seen.get(id);
      if (exp !== undefined && exp > now) return false;
      seen.set(id, expiresAtMs);
      return true;
    },
  };
}

export interface VerifyOptions {
  audience: string;
  key: Uint8Array;
  replay: ReplayCache;
  body: OperationBody;
}

interface ContextClaims {
  iss?: unknown;
  aud?: unknown;
  iat?: unknown;
  exp?: unknown;
  jti?: unknown;
  bh?: unknown;
  ctx?: unknown;
}

function readClaims(token: string, key: Uint8Array): ContextClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== CONTEXT_VERSION) throw new ContextError('malformed');
  const [, payload = '', sig = ''] = parts;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new ContextError('bad signature');
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!claims || typeof claims !== 'object') throw new Error('not an object');
    return claims;
  } catch {
    throw new ContextError('malformed');
  }
}

export async function verifyContext(token: string, opts: VerifyOptions): Promise<AuthContext> {
  return verifyContextSync(token, opts);
}

export function verifyContextSync(token: string, opts: VerifyOptions): AuthContext {
  const c = readClaims(token, opts.key);
  if (c.iss !== CONTEXT_ISSUER) throw new ContextError('wrong issuer');
  if (c.aud !== opts.audience) throw new ContextError('wrong audience');
  if (
    typeof c.iat !== 'number' ||
    typeof c.exp !== 'number' ||
    typeof c.jti !== 'string' ||
    c.jti.length === 0
  ) {
    throw new ContextError('missing claims');
  }
  const now = Date.now() / 1000;
  if (c.exp <= now - CLOCK_TOLERANCE_SECONDS) throw new ContextError('expired');
  if (c.iat > now + CLOCK_TOLERANCE_SECONDS || c.exp - c.iat > MAX_CONTEXT_TTL_SECONDS)
    throw new ContextError('bad lifetime');
  if (c.bh !== operationHash(opts.body)) throw new ContextError('operation mismatch');
  if (!opts.replay.remember(c.jti, c.exp * 1000)) throw new ContextError('replayed');
  return parseContext(c.ctx);
}

function parseContext(raw: unknown): AuthContext {
  if (!raw || typeof raw !== 'object') throw new ContextError('missing ctx');
  const c = raw as Partial<AuthContext>;
  const kinds: PrincipalKind[] = ['keypair', 'token', 'service', 'anonymous'];
  if (!c.kind || !kinds.includes(c.kind) || typeof c.requestId !== 'string') {
    throw new ContextError('malformed ctx');
  }
  // Groups arrive normalised by the gateway (normalizeGroups); a context without a list of names is broken.
  if (!Array.isArray(c.groups) || !c.groups.every((g) => typeof g === 'string'))
    throw new ContextError('malformed ctx');
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
  return {
    ...c,
    kind: c.kind,
    requestId: c.requestId,
    scopes: strings(c.scopes),
    groups: c.groups,
  };
}
