import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { inspect } from 'node:util';
import { freePort, jongodbBinary, redisAnswers, stopProcess } from '@fedmgmt/embedded';
import { MongoClient } from 'mongodb';

/**
 * Fault injection for tests and the fault benchmark: stores and services on 127.0.0.1 that
 * this process starts itself, on a port it keeps, so they can be killed (SIGKILL), hung
 * (SIGSTOP/SIGCONT) and started again, always by PID. Never the machine's Redis on 6379.
 */
export interface Faulty {
  port: number;
  url: string;
  pid(): number | undefined;
  kill(): Promise<void>;
  hang(): void;
  resume(): void;
  /** Starts it again on the same port (after kill). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function waitUntil(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

function faulty(port: number, url: string, launch: () => Promise<ChildProcess>): Promise<Faulty> {
  let child: ChildProcess | undefined;
  const signal = (sig: NodeJS.Signals) => {
    if (child?.pid && child.exitCode === null && child.signalCode === null)
      process.kill(child.pid, sig);
  };
  const handle: Faulty = {
    port,
    url,
    pid: () => child?.pid,
    kill: async () => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      signal('SIGCONT');
      signal('SIGKILL');
      await exited;
    },
    hang: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    restart: async () => {
      child = await launch();
    },
    stop: async () => {
      signal('SIGCONT');
      if (child) await stopProcess(child);
    },
  };
  return handle.restart().then(() => handle);
}

function redisServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  if (found.status !== 0 || !bin) throw new Error('redis-server is not installed');
  return bin;
}

/** A private redis-server on a free port (no persistence). */
export async function privateRedis(): Promise<Faulty> {
  const port = await freePort();
  if (port === 6379) throw new Error('refusing to run a fault-injected Redis on 6379');
  const bin = redisServerBinary();
  return faulty(port, `redis://127.0.0.1:${port}/0`, async () => {
    const child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitUntil(() => redisAnswers('127.0.0.1', port), `redis-server on ${port}`);
    return child;
  });
}

/** The embedded MongoDB-compatible server (replica-set profile) on a port it keeps across restarts. */
export async function privateMongo(): Promise<Faulty> {
  const bin = jongodbBinary();
  if (!bin) throw new Error('the embedded MongoDB-compatible server is not installed');
  const port = await freePort();
  // poll: the test server breaks the driver's streaming monitor (bench/README.md "stalls").
  const url = `mongodb://127.0.0.1:${port}/?replicaSet=rs0&serverMonitoringMode=poll`;
  return faulty(port, url, async () => {
    const child = spawn(
      bin,
      [`--port=${port}`, '--topology-profile=singleNodeReplicaSet', '--replica-set-name=rs0'],
      { stdio: 'ignore' },
    );
    await waitUntil(async () => {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 300 });
      try {
        await client.db('admin').command({ ping: 1 });
        return true;
      } catch {
        return false;
      } finally {
        await client.close();
      }
    }, `jongodb on ${port}`);
    return child;
  });
}

/**
 * A service of this repository as its own process (node + tsx), on a fixed port, up once
 * `readyPath` answers 200. NODE_ENV is cleared so Apollo Server stops gracefully on SIGTERM.
 */
export async function serviceProcess(
  entry: string,
  env: Record<string, string>,
  port: number,
  readyPath = '/health',
): Promise<Faulty> {
  return faulty(port, `http://127.0.0.1:${port}/graphql`, async () => {
    const { NODE_ENV: _, ...base } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...base, ...env, APOLLO_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    });
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
        return fetch(`http://127.0.0.1:${port}${readyPath}`, { signal: AbortSignal.timeout(500) })
          .then((r) => r.status === 200)
          .catch(() => false);
      },
      entry,
      60_000,
    );
    return child;
  });
}

/** Polls until `probe` returns a value, within a bound (recovery is asserted, its speed is not). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // An Error reads as "Name: message"; anything else a probe threw, as util.inspect shows it.
  const why = last instanceof Error ? String(last) : inspect(last);
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${why}` : ''}`);
}

/** GET a /ready endpoint: its status code. */
export async function readyStatus(baseUrl: string): Promise<number> {
  const res = await fetch(new URL('/ready', baseUrl), { signal: AbortSignal.timeout(3000) });
  await res.body?.cancel();
  return res.status;
}
