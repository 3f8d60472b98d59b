/**
 * What the console bench counts, in either layout: MongoDB commands sent by the admin subgraph's
 * driver (counters.ts), every command the private redis-server processed (INFO
 * total_commands_processed), the Redis round trips of each service's clients (testkit's
 * countRedisRoundTrips: one per socket write of an ioredis client) and CPU time per process.
 */
import { spawn } from 'node:child_process';
import { freePort, redisAnswers, stopProcess } from '@fedmgmt/embedded';
import Redis from 'ioredis';

export const SERVICES = ['gateway', 'accounts', 'admin'] as const;
export type Service = (typeof SERVICES)[number];

export interface Reading {
  mongo: number;
  redisCommands: number;
  /** Round trips of each service's Redis clients (the gateway's: auth state and invalidation subscriber). */
  roundTrips: Record<Service, number>;
  /** CPU time (user + system) used so far, in ms, by each process the layout names. */
  cpuMs: Record<string, number>;
}

/** One way of running the stack, ready to be driven. */
export interface Layout {
  label: string;
  /** The gateway's /graphql, and each subgraph's. */
  gatewayUrl: string;
  adminUrl: string;
  accountsUrl: string;
  /** Each subgraph's internal-context secret, to mint the direct path's contexts. */
  secrets: Record<'admin' | 'accounts', string>;
  /** The processes of `Reading.cpuMs` whose sum is the table's CPU ms/op column. */
  cpuHeadline: string[];
  read(): Promise<Reading>;
  stop(): Promise<void>;
}

/** Each service's REDIS_URL: the same server, with a connectionName that tells its clients apart. */
export function namedRedisUrls(url: string): Record<Service, string> {
  return Object.fromEntries(SERVICES.map((s) => [s, `${url}?connectionName=bench-${s}`])) as Record<
    Service,
    string
  >;
}

export interface RedisCounter {
  url: string;
  pid: number;
  /** INFO total_commands_processed, less the INFO commands this counter sent before. */
  count(): Promise<number>;
  stop(): Promise<void>;
}

/** A private redis-server (no persistence) on a free loopback port, stopped by its PID. */
export async function privateRedis(): Promise<RedisCounter> {
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
    pid: child.pid!,
    // Each INFO counts once it has run, so the n-th reading less n.
    count: async () =>
      Number(/total_commands_processed:(\d+)/.exec(await info.info('stats'))?.[1] ?? 0) - infos++,
    stop: async () => {
      info.disconnect();
      await stopProcess(child);
    },
  };
}

/** This process's CPU time so far, in ms. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
