/**
 * What the console bench counts: MongoDB commands sent by the driver, every command a private
 * redis-server processed (INFO total_commands_processed), and the Redis round trips of each
 * service's clients (testkit's countRedisRoundTrips: one per socket write of an ioredis client).
 */
import { spawn } from 'node:child_process';
import { freePort, redisAnswers, stopProcess } from '@fedmgmt/embedded';
import { countRedisRoundTrips } from '@fedmgmt/testkit';
import Redis from 'ioredis';

interface MongoCounter {
  count(): number;
}

/**
 * Counts the commands the MongoDB driver sends (each one a round trip), in this process: the
 * stack's admin subgraph runs here. Server monitoring (hello/ismaster heartbeats) is left out.
 */
function countMongoCommands(): MongoCounter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Connection } = require('mongodb/lib/cmap/connection') as {
    Connection: { prototype: { command: (...a: unknown[]) => unknown } };
  };
  let commands = 0;
  const original = Connection.prototype.command;
  Connection.prototype.command = function (this: unknown, ...args: unknown[]) {
    const name = Object.keys((args[1] as object | undefined) ?? {})[0] ?? '';
    if (!/^(hello|ismaster|isMaster)$/.test(name)) commands += 1;
    return original.apply(this, args);
  };
  return { count: () => commands };
}

export const SERVICES = ['gateway', 'accounts', 'admin'] as const;
export type Service = (typeof SERVICES)[number];

export interface Reading {
  mongo: number;
  redisCommands: number;
  /** Round trips of each service's Redis clients (the gateway's: auth state and invalidation subscriber). */
  roundTrips: Record<Service, number>;
}

export interface Meters {
  /** The private redis-server (clients on it without a service's name are not counted). */
  redisUrl: string;
  /** Each service's REDIS_URL: the private server, with a connectionName that tells its clients apart. */
  redisUrls: Record<Service, string>;
  read(): Promise<Reading>;
  stop(): Promise<void>;
}

/** Installs the counters; call before the stack starts, so that every client it opens is counted. */
export async function meters(): Promise<Meters> {
  const mongo = countMongoCommands();
  const trips = countRedisRoundTrips();
  const redis = await privateRedis();
  const redisUrls = Object.fromEntries(
    SERVICES.map((s) => [s, `${redis.url}?connectionName=bench-${s}`]),
  ) as Record<Service, string>;
  return {
    redisUrl: redis.url,
    redisUrls,
    read: async () => ({
      mongo: mongo.count(),
      redisCommands: await redis.count(),
      roundTrips: Object.fromEntries(SERVICES.map((s) => [s, trips.count(`bench-${s}`)])) as Record<
        Service,
        number
      >,
    }),
    stop: async () => {
      trips.uninstall();
      await redis.stop();
    },
  };
}

interface RedisCounter {
  url: string;
  count(): Promise<number>;
  stop(): Promise<void>;
}

async function privateRedis(): Promise<RedisCounter> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50 && !(await redisAnswers('127.0.0.1', port)); i++)
    await new Promise((r) => setTimeout(r, 100));
  const info = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  let infos = 0;
  return {
    url: `redis://127.0.0.1:${port}/0`,
    // Less the INFO commands this counter sent before (each one counts once it has run).
    count: async () =>
      Number(/total_commands_processed:(\d+)/.exec(await info.info('stats'))?.[1] ?? 0) - infos++,
    stop: async () => {
      info.disconnect();
      await stopProcess(child);
    },
  };
}
