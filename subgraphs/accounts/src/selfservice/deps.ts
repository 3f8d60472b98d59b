import { randomBytes } from 'node:crypto';
import type { RedisClient as Redis } from '../data/redis';
import { SelfServiceStates } from '../data/selfServiceStates';
import { SelfServiceStore } from '../data/selfServiceStore';
import { loadConfig } from '../config';
import type { SelfServiceConfig } from './settings';

export interface SelfServiceRepos {
  states: SelfServiceStates;
  store: SelfServiceStore;
}

export function createSelfServiceRepos(redis: Redis, keyPrefix: string): SelfServiceRepos {
  return {
    states: new SelfServiceStates(redis, keyPrefix),
    store: new SelfServiceStore(redis, keyPrefix),
  };
}

/** For tools and tests that build services without a full config. */
export function defaultSelfServiceConfig(): SelfServiceConfig {
  return loadConfig({ INTERNAL_AUTH_SECRET: randomBytes(32).toString('base64url') }).selfService;
}
