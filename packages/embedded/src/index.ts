import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** Dev and test only: starts stores on loopback and stops exactly the processes it started. */
export interface Embedded {
  url: string;
  /** Set when this process started the server (and so will stop it). */
  pid?: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL after the grace period: stops exactly this child, by PID. */
export function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function jongodbBinary(): string | undefined {
  try {
    const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
    const bin = join(dirname(pkg), 'bin', 'jongodb');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the MongoDB-compatible test server shipped in @jongodb/memory-server-bin-linux-x64-gnu
 * as a single-node replica set (transactions need one) on a free port.
 */
export async function startEmbeddedMongo(timeoutMs = 20_000): Promise<Embedded> {
  const bin = jongodbBinary();
  if (!bin) {
    throw new Error(
      'the embedded MongoDB-compatible server is not installed (npm package ' +
        '@jongodb/memory-server-bin-linux-x64-gnu, Linux x64 only). Set MONGO_URL to a real MongoDB, ' +
        'or use `docker compose up`.',
    );
  }
  const child = spawn(bin, ['--port=0', '--topology-profile=singleNodeReplicaSet', '--replica-set-name=rs0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`jongodb did not start within ${timeoutMs} ms: ${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /JONGODB_URI=(mongodb:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        // serverMonitoringMode=poll: the server does not stream hello replies (exhaust/moreToCome),
        // so the driver's default streaming monitor fails every heartbeat ("Server ended moreToCome
        // unexpectedly") and clears the connection pool under load. Polling is a standard mode.
        resolve(`${m[1].replace(/\/test\?/, '/?')}&serverMonitoringMode=poll`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jongodb exited with ${code}: ${out}`));
    });
  });
  child.stderr?.resume();
  return { url, pid: child.pid, stop: () => stopProcess(child) };
}

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

/**
 * Redis for the dev stack and tests: REDIS_URL if given; else the local server on 6379;
 * else a private redis-server on a free port (no persistence), stopped by stop().
 */
export async function resolveRedis(envUrl?: string): Promise<Embedded> {
  if (envUrl) return { url: envUrl, stop: async () => {} };
  if (await redisAnswers('127.0.0.1', 6379)) return { url: 'redis://127.0.0.1:6379/0', stop: async () => {} };
  const bin = redisServerBinary();
  if (!bin) {
    throw new Error(
      'no Redis answers on 127.0.0.1:6379 and redis-server is not installed: ' +
        'run `apt-get install redis-server` (Debian/Ubuntu), or set REDIS_URL to a Redis server.',
    );
  }
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers('127.0.0.1', port)) {
      return { url: `redis://127.0.0.1:${port}/0`, pid: child.pid, stop: () => stopProcess(child) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(child);
  throw new Error(`a private redis-server on port ${port} did not answer within 5 s`);
}
