import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import type { Embedded } from './index';
import { freePort, stopProcess } from './proc';

/** True when a Redis server answers PING at host:port within the timeout. */
export function redisAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

function redisServerBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

export interface RedisOptions {
  /**
   * Persist a private redis-server here: append-only file with `appendfsync always`, so every
   * write is written and fsynced before Redis answers it. (`everysec` is not enough for
   * "acknowledged means kept": while a background fsync is slow, Redis postpones writing the AOF
   * buffer for up to 2 s but still answers, and a SIGKILL then loses acknowledged writes; seen
   * under disk load.) Without it the private server keeps nothing.
   */
  dataDir?: string;
}

/** A private redis-server on a free loopback port, stopped (by PID) by stop(). */
export async function startPrivateRedis(opts: RedisOptions = {}): Promise<Embedded> {
  const bin = redisServerBinary();
  if (!bin) {
    throw new Error(
      'no Redis answers on 127.0.0.1:6379 and redis-server is not installed: ' +
        'run `apt-get install redis-server` (Debian/Ubuntu), or set REDIS_URL to a Redis server.',
    );
  }
  const port = await freePort();
  const persistence = opts.dataDir
    ? ['--dir', opts.dataDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', ...persistence], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers('127.0.0.1', port)) {
      return {
        url: `redis://127.0.0.1:${port}/0`,
        pid: child.pid,
        dataDir: opts.dataDir,
        stop: () => stopProcess(child),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(child);
  throw new Error(`a private redis-server on port ${port} did not answer within 5 s`);
}

/**
 * Redis for the dev stack and tests: REDIS_URL if given; else the local server on 6379 (it
 * persists as that server is configured); else a private redis-server (see startPrivateRedis).
 */
export async function resolveRedis(envUrl?: string, opts: RedisOptions = {}): Promise<Embedded> {
  if (envUrl) return { url: envUrl, stop: async () => {} };
  if (await redisAnswers('127.0.0.1', 6379))
    return { url: 'redis://127.0.0.1:6379/0', stop: async () => {} };
  return startPrivateRedis(opts);
}
