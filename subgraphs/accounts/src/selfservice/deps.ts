import type { RedisClient as Redis } from '../data/redis';
import { SelfServiceStates } from '../data/selfServiceStates';
import { SelfServiceStore } from '../data/selfServiceStore';

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
