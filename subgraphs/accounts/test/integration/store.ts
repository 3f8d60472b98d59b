import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { deleteByPrefix } from '@fedmgmt/testkit';
import type { ListingConfig } from '../../src/config';
import type { Repositories } from '../../src/context';
import { createRepositories } from '../../src/server';

export const LISTING: ListingConfig = {
  maxPageSize: 500,
  defaultPageSize: 50,
  maxInMemorySort: 1000,
  allowUnfiltered: true,
  allowEndsWith: true,
};

/** Repositories on a private key prefix of the local Redis; `drop` removes every key of it. */
export async function privateStore(listing: Partial<ListingConfig> = {}): Promise<{
  redis: Redis;
  prefix: string;
  repos: Repositories;
  with(l: Partial<ListingConfig>): Repositories;
  drop(): Promise<void>;
}> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect();
  const prefix = `test:acc:${randomUUID().slice(0, 8)}:`;
  const make = (l: Partial<ListingConfig>) =>
    createRepositories(redis, prefix, {
      cursorSecret: 'test-cursor-secret-0123456789abcdef',
      listing: { ...LISTING, ...l },
    });
  return {
    redis,
    prefix,
    repos: make(listing),
    with: make,
    drop: async () => {
      await deleteByPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
