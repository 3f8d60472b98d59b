import {
  type Embedded,
  type EmbeddedMongoOptions,
  type RedisOptions,
  resolveRedis,
  startEmbeddedMongo,
  startPrivateRedis,
} from '@fedmgmt/embedded';
import { startService, stopChild, waitHealthy } from './procs';
import { childInstance, type Instance, pidInstance, type ServiceSpec } from './supervisor';

/** What the dev stack's services are started with; stores update it when they come back elsewhere. */
export interface StoreUrls {
  mongo: string;
  redis: string;
}

/** A tsx service of this repository: up once `healthUrl` answers 200; stopped by its process group. */
export function serviceSpec(
  name: string,
  entry: string,
  env: () => NodeJS.ProcessEnv,
  healthUrl: string,
  color: number,
): ServiceSpec {
  return {
    name,
    start: async () => {
      const child = startService(name, entry, env(), color);
      try {
        await waitHealthy(child, healthUrl);
      } catch (err) {
        await stopChild(child);
        throw err;
      }
      return childInstance(child.proc, () => stopChild(child));
    },
  };
}

function embeddedInstance(store: Embedded, what: string): Instance {
  if (!store.pid) throw new Error(`${what} started without a PID to watch`);
  const inst = pidInstance(store.pid, () => store.stop());
  // A store that died on its own still holds its data-directory lock and snapshot client:
  // release them before the supervisor starts it again on the same directory.
  const exited = inst.exited.then(async (how) => {
    await store.stop().catch(() => undefined);
    return how;
  });
  return { ...inst, exited };
}

/**
 * The embedded MongoDB-compatible server. It comes back on a new port (and, unless the
 * embedded package persists data, empty): `afterStart` re-seeds it, and its dependents
 * (the admin subgraph) are restarted with the new URL.
 */
export function embeddedMongoSpec(
  urls: StoreUrls,
  afterStart: () => Promise<void>,
  dependents: string[],
  options: EmbeddedMongoOptions = {},
): ServiceSpec {
  return {
    name: 'mongodb',
    dependents,
    start: async () => {
      const store = await startEmbeddedMongo(options);
      urls.mongo = store.url;
      try {
        await afterStart();
      } catch (err) {
        await store.stop();
        throw err;
      }
      return embeddedInstance(store, 'the embedded MongoDB');
    },
  };
}

/**
 * A private redis-server started by resolveRedis: watched by PID, started again (and its dependents) if it dies.
 * `alwaysPrivate`: started again as a private server even if 6379 answers by then (DEV_PRIVATE_REDIS=1).
 */
export function privateRedisSpec(
  first: Embedded,
  urls: StoreUrls,
  dependents: string[],
  options: RedisOptions = {},
  alwaysPrivate = false,
): ServiceSpec {
  let initial: Embedded | undefined = first;
  return {
    name: 'redis',
    dependents,
    start: async () => {
      const store =
        initial ??
        (await (alwaysPrivate ? startPrivateRedis(options) : resolveRedis(undefined, options)));
      initial = undefined;
      urls.redis = store.url;
      return store.pid
        ? embeddedInstance(store, 'redis-server')
        : { exited: new Promise<string>(() => undefined), stop: () => store.stop() };
    },
  };
}
