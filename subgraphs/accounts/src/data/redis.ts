import Redis from 'ioredis';
import type { AccountsConfig } from '../config';

/**
 * ioredis with explicit timeouts: its defaults turn an outage into a 73 s wait and a hung
 * server into an endless one. Reconnects keep going in the background, capped at 2 s apart.
 */
export function connectRedis(config: Pick<AccountsConfig, 'redisUrl' | 'redis'>): Redis {
  return new Redis(config.redisUrl, {
    ...config.redis,
    lazyConnect: true,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  return (await redis.ping()) === 'PONG';
}
