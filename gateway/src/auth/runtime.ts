import type { Logger } from '@fedmgmt/service-kit';
import type { JSONWebKeySet } from 'jose';
import type { AuthConfig } from '../config';
import { type Authenticator, createAuthenticator } from './index';
import { cachedKeypairSource, httpKeypairSource, type KeypairSource } from './keypairs';
import { openLocalIssuer } from './localIssuer';
import type { RequestCounter, TokenRequestCounter } from './middleware';
import {
  countRequest,
  countTokenRequest,
  newRedis,
  redisReplayStore,
  subscribeInvalidations,
} from './redisState';
import { cachedTokenVerifier } from './tokenCache';
import { createTokenVerifier, type TokenIssuer, type TokenVerifier } from './tokens';

export interface AuthRuntime {
  authenticate: Authenticator;
  countRequest: RequestCounter;
  countTokenRequest: TokenRequestCounter;
  /** The gateway's Redis answers PING (readiness). */
  redisReady(): Promise<boolean>;
  close(): Promise<void>;
}

export interface AuthRuntimeOverrides {
  /** Replace the admin subgraph's internal route (tests, benchmarks). */
  keypairs?: KeypairSource;
}

async function tokenVerifier(config: AuthConfig['tokens']): Promise<TokenVerifier | undefined> {
  const issuers: TokenIssuer[] = [];
  if (config.issuer) {
    const keys = config.jwksUrl
      ? { jwksUrl: config.jwksUrl }
      : { jwks: JSON.parse(config.jwks ?? '{"keys":[]}') as JSONWebKeySet };
    issuers.push({
      issuer: config.issuer,
      audience: config.audience,
      algorithms: config.algorithms,
      keys,
      ...(config.typ ? { typ: config.typ } : {}),
    });
  }
  if (config.localIssuer) {
    const local = await openLocalIssuer(config.dataDir);
    issuers.push({
      issuer: local.issuer,
      audience: config.audience,
      algorithms: ['ES256'],
      keys: { jwks: local.jwks },
      typ: 'at+jwt',
    });
  }
  return issuers.length > 0
    ? cachedTokenVerifier(
        createTokenVerifier(issuers, config.claims, config.clockToleranceSeconds),
        config.verifyCacheMs,
      )
    : undefined;
}

function keypairSource(config: AuthConfig, adminSecret: string | undefined): KeypairSource {
  if (!adminSecret) {
    return {
      get: () =>
        Promise.reject(new Error('INTERNAL_AUTH_SECRET_ADMIN is not set: keypairs cannot be read')),
    };
  }
  return httpKeypairSource({
    adminOrigin: config.keypairSourceOrigin,
    adminSecret,
    timeoutMs: config.keypairLookupTimeoutMs,
  });
}

/**
 * Everything authentication needs at run time: one Redis connection for replay, rate limit and
 * stats; one subscriber for keypair invalidation; the keypair cache; the token verifier.
 * A Redis that is down at start does not stop the gateway: keypair requests fail closed until it is back.
 */
export async function createAuthRuntime(
  config: AuthConfig,
  adminSecret: string | undefined,
  logger: Logger,
  overrides: AuthRuntimeOverrides = {},
): Promise<AuthRuntime> {
  const redisOpts = {
    url: config.redisUrl,
    connectTimeoutMs: config.redisConnectTimeoutMs,
    commandTimeoutMs: config.redisCommandTimeoutMs,
  };
  const redis = newRedis(redisOpts);
  const subscriber = newRedis(redisOpts);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'gateway redis error'));
  const inner = overrides.keypairs ?? keypairSource(config, adminSecret);
  const keypairs = cachedKeypairSource(
    inner,
    config.keypairCacheTtlMs,
    config.keypairNegativeCacheTtlMs,
    {
      staleMaxMs: config.keypairStaleMaxMs,
      onStale: (accessKey) =>
        logger.warn(
          { accessKey },
          'admin subgraph unreachable or slow: serving a recently verified keypair from cache',
        ),
    },
  );
  await Promise.all([
    redis
      .connect()
      .catch((err: Error) =>
        logger.error(
          { err: err.message },
          'redis unreachable at start; keypair requests fail closed',
        ),
      ),
    subscribeInvalidations(subscriber, keypairs, logger).catch((err: Error) =>
      logger.error(
        { err: err.message },
        'keypair invalidation subscription failed; cache entries expire by TTL',
      ),
    ),
  ]);
  let tokenCountPausedUntil = 0;
  const authenticate = createAuthenticator({
    keypairs: {
      keypairs,
      replay: redisReplayStore(redis, config.redisPrefix),
      skewMs: config.hmacSkewSeconds * 1000,
      requireBodyHash: config.hmacRequireBodyHash,
    },
    tokens: await tokenVerifier(config.tokens),
    mapping: config,
  });
  return {
    authenticate,
    countRequest: (accessKey) => countRequest(redis, config.redisPrefix, accessKey),
    // Fails open at once when Redis is not connected, and for a second after a failed count (a hung
    // Redis would otherwise add its command timeout to every token request): bearer tokens need no Redis.
    countTokenRequest: async (subject) => {
      if (redis.status !== 'ready' || Date.now() < tokenCountPausedUntil) return undefined;
      return countTokenRequest(redis, config.redisPrefix, subject).catch((err: Error) => {
        tokenCountPausedUntil = Date.now() + 1000;
        logger.warn({ err: err.message }, 'token rate limit not counted');
        return undefined;
      });
    },
    redisReady: async () => redis.status === 'ready' && (await redis.ping()) === 'PONG',
    close: async () => {
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
