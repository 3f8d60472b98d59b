/**
 * What the console bench counts: MongoDB commands sent by the driver, and every command a private
 * redis-server processed (INFO total_commands_processed).
 */
import { spawn } from 'node:child_process';
import { freePort, redisAnswers, stopProcess } from '@fedmgmt/embedded';
import Redis from 'ioredis';

export interface MongoCounter {
  count(): number;
}

/**
 * Counts the commands the MongoDB driver sends (each one a round trip), in this process: the
 * stack's admin subgraph runs here. Server monitoring (hello/ismaster heartbeats) is left out.
 */
export function countMongoCommands(): MongoCounter {
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

export interface RedisCounter {
  url: string;
  count(): Promise<number>;
  stop(): Promise<void>;
}

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
  return {
    url: `redis://127.0.0.1:${port}/0`,
    count: async () =>
      Number(/total_commands_processed:(\d+)/.exec(await info.info('stats'))?.[1] ?? 0),
    stop: async () => {
      info.disconnect();
      await stopProcess(child);
    },
  };
}
