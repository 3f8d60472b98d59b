import { createHash, randomUUID } from 'node:crypto';
import { KEYPAIR_INVALIDATION_CHANNEL, keypairStatsKey, type Logger } from '@fedmgmt/service-kit';
import Redis from 'ioredis';
import type { CachedKeypairSource } from './keypairs';

export interface RedisOptions {
  url: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

/** Timeouts on every command: a dead or hung Redis fails fast and the auth check fails closed. */
export function newRedis(opts: RedisOptions): Redis {
  return new Redis(opts.url, {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs,
    commandTimeout: opts.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (n) => Math.min(n * 200, 2000),
  });
}

/**
 * Remembers accepted requests by key (keypairAuth's replayKey: signature and body hash);
 * false means "seen before". Throws when it cannot answer.
 */
export interface ReplayStore {
  remember(accessKey: string, requestKey: string, ttlMs: number): Promise<boolean>;
}

/**
 * Remembers each accepted request key for twice the clock-skew window (SET NX PX): a second use
 * is a replay. Throws when Redis cannot answer, so the caller fails closed.
 */
export function redisReplayStore(redis: Redis, prefix: string): ReplayStore {
  return {
    async remember(accessKey, requestKey, ttlMs) {
      const digest = createHash('sha256').update(requestKey).digest('base64url');
      const ok = await redis.set(
        `${prefix}hmac:seen:${encodeURIComponent(accessKey)}:${digest}`,
        '1',
        'PX',
        ttlMs,
        'NX',
      );
      return ok === 'OK';
    },
  };
}

export const RATE_LIMIT_WINDOW_SECONDS = 900;
const STATS_TTL_SECONDS = 30 * 24 * 3600;

// Backend.AI's rolling window (manager/api/ratelimit.py): drop entries older than the window, add this one.
const WINDOW_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, tonumber(ARGV[1]) - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

// The window plus the per-keypair query stats, in one round trip.
const RATE_LIMIT_SCRIPT = `${WINDOW_SCRIPT}
redis.call('HINCRBY', KEYS[2], 'num_queries', 1)
redis.call('HSET', KEYS[2], 'last_used', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return redis.call('ZCARD', KEYS[1])`;

/** Counts this request in the access key's rolling 900 s window and returns the count. */
export async function countRequest(
  redis: Redis,
  prefix: string,
  accessKey: string,
  now = Date.now(),
): Promise<number> {
  const count = await redis.eval(
    RATE_LIMIT_SCRIPT,
    2,
    `${prefix}rl:${accessKey}`,
    keypairStatsKey(accessKey),
    String(now),
    String(RATE_LIMIT_WINDOW_SECONDS * 1000),
    `${now}:${randomUUID()}`,
    String(STATS_TTL_SECONDS),
  );
  return Number(count);
}

/** Counts this request in a token subject's rolling 900 s window (no keypair stats) and returns the count. */
export async function countTokenRequest(
  redis: Redis,
  prefix: string,
  subject: string,
  now = Date.now(),
): Promise<number> {
  const count = await redis.eval(
    `${WINDOW_SCRIPT}\nreturn redis.call('ZCARD', KEYS[1])`,
    1,
    `${prefix}rl:tok:${encodeURIComponent(subject)}`,
    String(now),
    String(RATE_LIMIT_WINDOW_SECONDS * 1000),
    `${now}:${randomUUID()}`,
  );
  return Number(count);
}

/**
 * Evicts a cached keypair as soon as the admin subgraph publishes its access key. Subscribes
 * on every (re)connection, so a Redis that was down at start is picked up when it returns;
 * after a reconnect, messages may have been missed, so the whole cache is dropped.
 */
export async function subscribeInvalidations(
  subscriber: Redis,
  cache: CachedKeypairSource,
  logger: Logger,
): Promise<void> {
  let connectedOnce = false;
  subscriber.on('ready', () => {
    if (connectedOnce) cache.clear();
    connectedOnce = true;
    subscriber
      .subscribe(KEYPAIR_INVALIDATION_CHANNEL)
      .catch((err: Error) =>
        logger.warn({ err: err.message }, 'keypair invalidation subscribe failed'),
      );
  });
  subscriber.on('message', (channel: string, accessKey: string) => {
    if (channel === KEYPAIR_INVALIDATION_CHANNEL) cache.invalidate(accessKey);
  });
  subscriber.on('error', (err: Error) =>
    logger.warn({ err: err.message }, 'keypair invalidation subscriber error'),
  );
  await subscriber.connect();
  await subscriber.subscribe(KEYPAIR_INVALIDATION_CHANNEL);
}
