import { decodeJwt } from 'jose';
import type { TokenVerifier, VerifiedToken } from './tokens';

const MAX_ENTRIES = 10_000;

/**
 * Remembers tokens that verified, for at most `ttlMs` and never past their own `exp`: a client
 * sends the same bearer token on every request, and an ES256 verification costs far more than a
 * map lookup. Only successes are kept (a bad token is verified, and refused, every time); keyed
 * by the whole token string, so a changed byte is a different, unverified token. ttlMs = 0: off.
 */
export function cachedTokenVerifier(
  verify: TokenVerifier,
  ttlMs: number,
  now: () => number = Date.now,
): TokenVerifier {
  if (ttlMs <= 0) return verify;
  const cache = new Map<string, { token: VerifiedToken; until: number }>();
  return async (token) => {
    const hit = cache.get(token);
    if (hit && hit.until > now()) return hit.token;
    if (hit) cache.delete(token);
    const verified = await verify(token);
    const exp = decodeJwt(token).exp;
    const until = Math.min(now() + ttlMs, typeof exp === 'number' ? exp * 1000 : 0);
    if (until > now()) {
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(token, { token: verified, until });
    }
    return verified;
  };
}
