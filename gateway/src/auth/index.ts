import { randomUUID } from 'node:crypto';
import type { AuthContext } from '@fedmgmt/service-kit';
import type { Request } from 'express';
import { authFailed, invalidAuthParams } from './failures';
import { type KeypairVerifierOptions, verifyKeypairRequest } from './keypairAuth';
import type { KeypairRecord } from './keypairs';
import { keypairContext, type MappingConfig, tokenContext } from './principal';
import type { TokenVerifier } from './tokens';

export interface Authenticated {
  auth: AuthContext;
  /** Set for keypair callers: the rate limit and stats apply to it. */
  keypair?: KeypairRecord;
}

/** Resolves the caller of one HTTP request, or throws an AuthFailure. */
export type Authenticator = (req: Request) => Promise<Authenticated>;

export interface AuthenticatorDeps {
  keypairs: KeypairVerifierOptions;
  /** Undefined when no issuer is configured: bearer tokens are then refused. */
  tokens: TokenVerifier | undefined;
  mapping: MappingConfig;
}

const REQUEST_ID = /^[\w-]{1,64}$/;

export function requestIdOf(req: Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Keypair (Backend.AI HMAC) or bearer token; nothing else. An anonymous request is refused
 * with Backend.AI's 401 "Unauthorized access": no field of the schema is open to anonymous callers.
 */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  return async (req) => {
    const requestId = requestIdOf(req);
    const authorization = req.headersDistinct.authorization;
    if (!authorization || authorization[0] === '') throw authFailed('Unauthorized access');
    if (authorization.length > 1) throw invalidAuthParams('Duplicate authorization header');
    const value = authorization[0]!;
    if (/^Bearer /i.test(value)) {
      if (!deps.tokens) throw authFailed('Unauthorized access');
      const token = await deps.tokens(value.slice(7).trim());
      return { auth: tokenContext(token, requestId, deps.mapping) };
    }
    const keypair = await verifyKeypairRequest(
      {
        method: req.method,
        path: req.originalUrl,
        headers: req.headers,
        rawBody: rawBodyOf(req),
        remoteAddress: req.socket.remoteAddress,
      },
      deps.keypairs,
    );
    return { auth: keypairContext(keypair, requestId, deps.mapping), keypair };
  };
}

const RAW_BODY = Symbol('rawBody');

/** express.json's `verify` hook: keep the exact bytes the signature may cover. */
export function keepRawBody(req: unknown, _res: unknown, buf: Buffer): void {
  (req as Record<symbol, Buffer>)[RAW_BODY] = buf;
}

export function rawBodyOf(req: Request): Buffer | undefined {
  return (req as unknown as Record<symbol, Buffer | undefined>)[RAW_BODY];
}
