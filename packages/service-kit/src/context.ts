import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { stringify as stableStringify } from 'safe-stable-stringify';

/**
 * The contract between the gateway and every subgraph.
 *
 * The gateway authenticates the caller, then sends each subgraph fetch one header,
 * `x-internal-auth`, holding a short-lived HS256 JWT:
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
const ALG = 'HS256';
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

export async function mintContext(ctx: AuthContext, opts: MintOptions): Promise<string> {
  const ttl = Math.min(opts.ttlSeconds ?? 30, MAX_CONTEXT_TTL_SECONDS);
  return new SignJWT({ ctx, bh: operationHash(opts.body) })
    .setProtectedHeader({ alg: ALG, typ: 'fedmgmt-ctx+jwt' })
    .setIssuer(CONTEXT_ISSUER)
    .setAudience(opts.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .setJti(randomUUID())
    .sign(opts.key);
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

export async function verifyContext(token: string, opts: VerifyOptions): Promise<AuthContext> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, opts.key, {
      algorithms: [ALG],
      issuer: CONTEXT_ISSUER,
      audience: opts.audience,
      typ: 'fedmgmt-ctx+jwt',
      requiredClaims: ['exp', 'iat', 'jti'],
      maxTokenAge: `${MAX_CONTEXT_TTL_SECONDS}s`,
      clockTolerance: 2,
    }));
  } catch (err) {
    const code = err instanceof joseErrors.JOSEError ? err.code : 'ERR_UNKNOWN';
    throw new ContextError(code);
  }
  if (payload.bh !== operationHash(opts.body)) throw new ContextError('operation mismatch');
  if (!opts.replay.remember(String(payload.jti), (payload.exp ?? 0) * 1000)) {
    throw new ContextError('replayed');
  }
  return parseContext(payload.ctx);
}

function parseContext(raw: unknown): AuthContext {
  if (!raw || typeof raw !== 'object') throw new ContextError('missing ctx');
  const c = raw as Partial<AuthContext>;
  const kinds: PrincipalKind[] = ['keypair', 'token', 'service', 'anonymous'];
  if (!c.kind || !kinds.includes(c.kind) || typeof c.requestId !== 'string') {
    throw new ContextError('malformed ctx');
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
  return { ...c, kind: c.kind, requestId: c.requestId, scopes: strings(c.scopes), groups: strings(c.groups) };
}
