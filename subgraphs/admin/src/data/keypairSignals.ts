import { KEYPAIR_INVALIDATION_CHANNEL, keypairStatsKey } from '@fedmgmt/service-kit';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { AdminConfig } from '../config';

export interface KeyPairStats {
  num_queries: number;
  last_used: Date | null;
}

/**
 * What the admin subgraph shares with the gateway through Redis: it publishes an access key
 * whose keypair changed (so the gateway drops its cached copy) and reads the usage counters
 * the gateway writes. Without Redis both are no-ops.
 */
export interface KeyPairSignals {
  invalidate(accessKeys: readonly string[]): Promise<void>;
  /** One round trip for a batch of access keys. */
  stats(accessKeys: readonly string[]): Promise<KeyPairStats[]>;
  close(): Promise<void>;
}

const NO_STATS: KeyPairStats = { num_queries: 0, last_used: null };

export const noSignals: KeyPairSignals = {
  invalidate: async () => undefined,
  stats: async (keys) => keys.map(() => NO_STATS),
  close: async () => undefined,
};

/** ioredis with explicit timeouts: its defaults turn an outage into a 73 s wait. */
export function connectSignals(
  config: Pick<AdminConfig, 'redisUrl' | 'redis'>,
  logger: Logger,
): KeyPairSignals {
  if (!config.redisUrl) return noSignals;
  const redis = new Redis(config.redisUrl, {
    ...config.redis,
    lazyConnect: true,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error'));
  return {
    async invalidate(accessKeys) {
      // A missed publish only delays the gateway until its cache entry expires: log, never fail the mutation.
      await Promise.all(
        [...new Set(accessKeys)].map((ak) =>
          redis.publish(KEYPAIR_INVALIDATION_CHANNEL, ak).catch((err: Error) => {
            logger.warn({ err: err.message }, 'keypair invalidation not published');
          }),
        ),
      );
    },
    async stats(accessKeys) {
      if (accessKeys.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const ak of accessKeys) pipeline.hmget(keypairStatsKey(ak), 'num_queries', 'last_used');
      const results = await pipeline.exec().catch(() => null);
      return accessKeys.map((_, i) => parseStats(results?.[i]));
    },
    async close() {
      redis.disconnect();
    },
  };
}

function parseStats(entry: [Error | null, unknown] | undefined): KeyPairStats {
  if (!entry || entry[0] || !Array.isArray(entry[1])) return NO_STATS;
  const [n, last] = entry[1] as (string | null)[];
  const lastMs = last ? Number(last) : NaN;
  return {
    num_queries: n ? Number(n) || 0 : 0,
    last_used: Number.isFinite(lastMs) ? new Date(lastMs) : null,
  };
}
