import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors as joseErrors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { normalizeGroups } from '@fedmgmt/service-kit';
import { authFailed, authUnavailable } from './failures';

/** One issuer whose access tokens the gateway accepts. */
export interface TokenIssuer {
  issuer: string;
  audience: string;
  /** Pinned: only these `alg` values verify (never `none`, never HS* with a public key). */
  algorithms: string[];
  keys: { jwksUrl: string } | { jwks: JSONWebKeySet };
  /** Required `typ` header, e.g. `at+jwt`, when the issuer sets one. */
  typ?: string;
}

export interface TokenClaimNames {
  scope: string;
  groups: string;
  accountId: string;
  email: string;
}

export interface VerifiedToken {
  issuer: string;
  subject: string;
  scopes: string[];
  groups: string[];
  accountId?: string;
  email?: string;
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

const TOKEN_REJECTED = 'Invalid or expired access token';
const CURITY_GROUPS_CLAIM = 'urn:se:curity:claims:admin:groups';

/**
 * Verifies bearer access tokens with jose: the issuer is chosen by the token's `iss` among
 * the trusted ones, then signature, algorithm, `iss`, `aud`, `exp` (required), `nbf` and the
 * optional `typ` are checked. Any failure is the same 401; a JWKS endpoint that cannot be
 * reached is 503 (jose keeps serving cached keys meanwhile).
 */
export function createTokenVerifier(
  issuers: TokenIssuer[],
  claims: TokenClaimNames,
  clockToleranceS: number,
): TokenVerifier {
  const byIssuer = new Map(
    issuers.map((i) => [
      i.issuer,
      {
        ...i,
        getKey:
          'jwksUrl' in i.keys
            ? createRemoteJWKSet(new URL(i.keys.jwksUrl), { timeoutDuration: 3000 })
            : createLocalJWKSet(i.keys.jwks),
      },
    ]),
  );
  return async (token) => {
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw authFailed(TOKEN_REJECTED);
    }
    const trusted = iss === undefined ? undefined : byIssuer.get(iss);
    if (!trusted) throw authFailed(TOKEN_REJECTED);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.getKey, {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: trusted.algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: clockToleranceS,
        ...(trusted.typ ? { typ: trusted.typ } : {}),
      }));
    } catch (err) {
      if (
        err instanceof joseErrors.JWKSTimeout ||
        (err instanceof joseErrors.JOSEError && err.code === 'ERR_JOSE_GENERIC')
      )
        throw authUnavailable();
      throw authFailed(TOKEN_REJECTED);
    }
    return readClaims(payload, trusted.issuer, claims);
  };
}

/** `scope` as a space-delimited string or an array; groups as strings or SCIM `{value}` objects. */
export function readClaims(
  payload: JWTPayload,
  issuer: string,
  names: TokenClaimNames,
): VerifiedToken {
  const rawScope = payload[names.scope];
  const scopes =
    typeof rawScope === 'string'
      ? rawScope.split(' ').filter(Boolean)
      : Array.isArray(rawScope)
        ? rawScope
        : [];
  // Curity's groups authorization manager reads `groups` or this claim; accept it when the configured one is absent.
  const rawGroups = payload[names.groups] ?? payload[CURITY_GROUPS_CLAIM] ?? [];
  // The one place caller groups are normalised: subgraphs read the forwarded ones as-is.
  const groups = normalizeGroups(rawGroups);
  if (!groups || !scopes.every((s) => typeof s === 'string')) throw authFailed(TOKEN_REJECTED);
  const accountId = payload[names.accountId];
  const email = payload[names.email];
  return {
    issuer,
    subject: String(payload.sub),
    scopes: [...new Set(scopes)],
    groups,
    ...(typeof accountId === 'string' && accountId ? { accountId } : {}),
    ...(typeof email === 'string' && email ? { email } : {}),
  };
}
