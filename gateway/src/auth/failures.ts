/**
 * Authentication and protection failures, carried with Backend.AI's RFC 7807 fields so the
 * Backend.AI endpoints can answer exactly as the manager does (manager/api/exceptions.py),
 * and /graphql can answer the same facts as a GraphQL error.
 */
export class AuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly msg: string,
    readonly code: string,
    /** The real reason, for the log only, when msg is deliberately less specific. */
    readonly detail?: string,
  ) {
    super(msg);
    this.name = 'AuthFailure';
  }
}

const PROBS = 'https://api.backend.ai/probs/';

/** 400 invalid-auth-params: malformed header, date out of the window, missing version. */
export function invalidAuthParams(msg: string): AuthFailure {
  return new AuthFailure(
    400,
    `${PROBS}invalid-auth-params`,
    'Missing or invalid authorization parameters.',
    msg,
    'UNAUTHENTICATED',
  );
}

/** 401 auth-failed: unknown or inactive key, signature mismatch, replay, IP not allowed, bad token. */
export function authFailed(msg: string, detail?: string): AuthFailure {
  return new AuthFailure(
    401,
    `${PROBS}auth-failed`,
    'Credential/signature mismatch.',
    msg,
    'UNAUTHENTICATED',
    detail,
  );
}

export function rateLimited(): AuthFailure {
  return new AuthFailure(
    429,
    `${PROBS}rate-limit-exceeded`,
    'You have reached your API query rate limit.',
    'You have reached your API query rate limit.',
    'RATE_LIMITED',
  );
}

/** A dependency the check needs (Redis, the admin service) is down: refuse, never let through. */
export function authUnavailable(): AuthFailure {
  return new AuthFailure(
    503,
    `${PROBS}service-unavailable`,
    'Serivce unavailable.',
    'Authentication is temporarily unavailable',
    'SERVICE_UNAVAILABLE',
  );
}

export function isAuthFailure(err: unknown): err is AuthFailure {
  return err instanceof AuthFailure;
}
