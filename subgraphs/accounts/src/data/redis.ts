import type { Logger } from '@fedmgmt/service-kit';
import Redis, { type Result } from 'ioredis';
import type { AccountsConfig } from '../config';
import { ENTITY_WRITE_LUA } from './entityWriteScript';

/** The Redis client type, for code outside data/ that only passes a client along (no ioredis import there). */
export type RedisClient = Redis;

export type WriteMode = 'create' | 'update' | 'delete';
export type WriteResult = ['ok'] | ['exists'] | ['missing'] | ['stale'] | ['conflict', string];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    entityWrite(numKeys: number, ...args: (string | number)[]): Result<WriteResult, Context>;
  }
}

/** Registers the Lua scripts (EVALSHA, falling back to EVAL once per connection). */
export function defineScripts(redis: Redis): Redis {
  redis.defineCommand('entityWrite', { lua: ENTITY_WRITE_LUA });
  return redis;
}

/**
 * ioredis with explicit timeouts: its defaults turn an outage into a 73 s wait and a hung
 * server into an endless one. A command fails at once while disconnected (no offline queue)
 * and after `commandTimeout` (default 500 ms) when the server hangs; either becomes
 * SERVICE_UNAVAILABLE (service-kit/unavailable.ts). Reconnects go on in the background,
 * capped at 1 s apart, so a returning Redis is used again within a second. Call connect() first.
 */
export function connectRedis(
  config: Pick<AccountsConfig, 'redisUrl' | 'redis'>,
  logger?: Logger,
): Redis {
  const redis = new Redis(config.redisUrl, {
    ...config.redis,
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  // Without a listener ioredis prints every reconnect failure to stderr with a stack.
  redis.on('error', (err: Error) =>
    logger?.warn({ dependency: 'redis', err: err.message }, 'redis connection error'),
  );
  return defineScripts(redis);
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  return (await redis.ping()) === 'PONG';
}
