import type { AuthContext, Logger } from '@fedmgmt/service-kit';
import type { NextFunction, Request, Response } from 'express';
import { type AuthFailure, authUnavailable, isAuthFailure, rateLimited } from './failures';
import type { Authenticator } from './index';
import type { KeypairRecord } from './keypairs';
import { RATE_LIMIT_WINDOW_SECONDS } from './redisState';

/** Counts one request for an access key in the rolling window; returns the count. */
export type RequestCounter = (accessKey: string) => Promise<number>;

/**
 * Counts one request for a token subject; returns the count, or undefined when it could not be
 * counted (Redis down: token callers need no Redis to authenticate, so their limit fails open).
 */
export type TokenRequestCounter = (subject: string) => Promise<number | undefined>;

export interface RateLimits {
  count: RequestCounter;
  countToken: TokenRequestCounter;
  /** Requests per rolling window for one token subject; 0 turns the token limit off. */
  tokenLimit: number;
}

/** How an endpoint answers a refused request (GraphQL errors, or Backend.AI's problem+json). */
export type FailureRenderer = (res: Response, failure: AuthFailure) => void;

/**
 * Inbound headers that could carry identity or a network position. Nothing inbound is
 * forwarded to subgraphs anyway (they get only the minted context); these are also
 * removed here so no later code can read them by mistake.
 */
const IDENTITY_HEADER =
  /^(authorization|cookie|forwarded|x-forwarded-.*|x-real-ip|x-user-.*|x-internal-.*|x-backendai-(token|act-as|domain)|x-apollo-.*-auth.*)$/i;

export function isIdentityHeader(name: string): boolean {
  return IDENTITY_HEADER.test(name);
}

export function stripIdentityHeaders(req: Request): void {
  for (const name of Object.keys(req.headers))
    if (IDENTITY_HEADER.test(name)) delete req.headers[name];
}

function setRateHeaders(res: Response, limit: number, remaining: number): void {
  res.set({
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Window': String(RATE_LIMIT_WINDOW_SECONDS),
  });
}

/** Backend.AI semantics: a rolling 900 s window per access key; a limit of 0 means none. */
async function applyRateLimit(
  res: Response,
  count: RequestCounter,
  kp: KeypairRecord,
): Promise<void> {
  let n: number;
  try {
    n = await count(kp.access_key);
  } catch {
    throw authUnavailable();
  }
  enforce(res, kp.rate_limit, n);
}

/** The same rolling window per token subject, with the configured limit. */
async function applyTokenRateLimit(
  res: Response,
  limits: RateLimits,
  auth: AuthContext,
): Promise<void> {
  if (limits.tokenLimit <= 0 || !auth.subject) return;
  const n = await limits.countToken(auth.subject);
  if (n !== undefined) enforce(res, limits.tokenLimit, n);
}

function enforce(res: Response, limit: number, n: number): void {
  setRateHeaders(res, limit, Math.max(0, limit - n));
  if (limit > 0 && n > limit) throw rateLimited();
}

/** Authenticates, rate-limits, then hands the context to the GraphQL handler in res.locals.auth. */
export function authMiddleware(
  authenticate: Authenticator,
  limits: RateLimits,
  render: FailureRenderer,
  logger: Logger,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const { auth, keypair } = await authenticate(req);
      if (keypair) await applyRateLimit(res, limits.count, keypair);
      else if (auth.kind === 'token') await applyTokenRateLimit(res, limits, auth);
      res.locals.auth = auth;
      stripIdentityHeaders(req);
      next();
    } catch (err) {
      const failure = isAuthFailure(err) ? err : authUnavailable();
      if (!isAuthFailure(err))
        logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'authentication error',
        );
      else
        logger.info(
          { status: failure.status, reason: failure.detail ?? failure.msg, path: requestPath(req) },
          'request refused',
        );
      // Backend.AI answers unauthenticated requests with the default limit headers, uncounted.
      if (!res.hasHeader('X-RateLimit-Limit')) setRateHeaders(res, 1000, 1000);
      render(res, failure);
    }
  };
}

/**
 * The path the client asked for, without the query string. Under a mounted router
 * (`app.use('/graphql', ...)`) `req.path` is relative to the mount point ("/"); `originalUrl` is not.
 */
export function requestPath(req: Request): string {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new Error('authMiddleware did not run');
  return auth;
}

/** /graphql: a GraphQL error body with the Backend.AI problem type kept in extensions. */
export const graphqlFailure: FailureRenderer = (res, f) => {
  res
    .status(f.status)
    .json({ errors: [{ message: f.msg, extensions: { code: f.code, type: f.type } }] });
};

/** Backend.AI endpoints: RFC 7807 exactly as the manager sends it. */
export const problemFailure: FailureRenderer = (res, f) => {
  res
    .status(f.status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: f.type, title: f.title, msg: f.msg }));
};
