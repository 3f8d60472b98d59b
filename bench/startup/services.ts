/**
 * Starts the three services as separate processes, either compiled (`node dist/main.js`, as the
 * Docker images run them) or through tsx (as `npm start` does), against stores on loopback.
 * Used by the compiled-start test and by `npm run bench:startup`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Embedded, freePort, redisAnswers, stopProcess } from '@fedmgmt/embedded';

export const ROOT = resolve(__dirname, '..', '..');
export type Mode = 'compiled' | 'tsx';
export type ServiceName = 'admin' | 'accounts' | 'gateway';
export const SERVICES: ServiceName[] = ['admin', 'accounts', 'gateway'];

const DIRS: Record<ServiceName, string> = {
  admin: 'subgraphs/admin',
  accounts: 'subgraphs/accounts',
  gateway: 'gateway',
};

/** The node arguments for one service. Compiled code resolves workspace packages to their dist/. */
export function nodeArgs(name: ServiceName, mode: Mode): string[] {
  const dir = join(ROOT, DIRS[name]);
  return mode === 'compiled'
    ? ['--conditions=compiled', '--enable-source-maps', join(dir, 'dist', 'main.js')]
    : ['--import', 'tsx', join(dir, 'src', 'main.ts')];
}

export interface Stores {
  mongoUrl: string;
  redisUrl: string;
}

export interface StackEnv {
  ports: Record<ServiceName, number>;
  env: Record<ServiceName, Record<string, string>>;
}

/** Fresh secrets and free ports for one stack; each service's environment, as docker-compose.yml sets it. */
export async function stackEnv(stores: Stores, dataDir: string): Promise<StackEnv> {
  const ports = { admin: await freePort(), accounts: await freePort(), gateway: await freePort() };
  const adminSecret = randomBytes(32).toString('hex');
  const accountsSecret = randomBytes(32).toString('hex');
  const common = { LOG_LEVEL: 'warn', APOLLO_TELEMETRY_DISABLED: '1' };
  return {
    ports,
    env: {
      admin: {
        ...common,
        ADMIN_PORT: String(ports.admin),
        MONGO_URL: stores.mongoUrl,
        MONGO_DB: `startup_${randomBytes(4).toString('hex')}`,
        REDIS_URL: stores.redisUrl,
        INTERNAL_AUTH_SECRET: adminSecret,
        ADMIN_SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      },
      accounts: {
        ...common,
        ACCOUNTS_PORT: String(ports.accounts),
        REDIS_URL: stores.redisUrl,
        INTERNAL_AUTH_SECRET: accountsSecret,
        ACCOUNTS_CURSOR_SECRET: randomBytes(32).toString('hex'),
      },
      gateway: {
        ...common,
        GATEWAY_PORT: String(ports.gateway),
        REDIS_URL: stores.redisUrl,
        SUBGRAPH_URL_ADMIN: `http://127.0.0.1:${ports.admin}/graphql`,
        SUBGRAPH_URL_ACCOUNTS: `http://127.0.0.1:${ports.accounts}/graphql`,
        INTERNAL_AUTH_SECRET_ADMIN: adminSecret,
        INTERNAL_AUTH_SECRET_ACCOUNTS: accountsSecret,
        GATEWAY_DATA_DIR: dataDir,
        SUPERGRAPH_WATCH: 'false',
      },
    },
  };
}

export interface Running {
  name: ServiceName;
  proc: ChildProcess;
  output: () => string;
}

/** Spawns one service with only the environment it is given (plus PATH/HOME), from the repository root. */
export function launch(name: ServiceName, mode: Mode, env: Record<string, string>): Running {
  let out = '';
  const proc = spawn(process.execPath, nodeArgs(name, mode), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-8000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { name, proc, output: () => out };
}

/** Polls `url` until it answers 200; throws (with the service's output) if the process exits or time runs out. */
export async function waitOk(svc: Running, url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (svc.proc.exitCode !== null) {
      throw new Error(`${svc.name} exited with code ${svc.proc.exitCode}:\n${svc.output()}`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `${svc.name} did not answer 200 at ${url} within ${timeoutMs} ms:\n${svc.output()}`,
  );
}

/** Resident set size of a process in KiB (Linux /proc). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/** A private redis-server on a free port (no persistence), stopped by PID. */
export async function privateRedis(): Promise<Embedded> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers('127.0.0.1', port)) {
      return { url: `redis://127.0.0.1:${port}/0`, pid: child.pid, stop: () => stopProcess(child) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(child);
  throw new Error(`a private redis-server on port ${port} did not answer within 5 s`);
}

export { stopProcess };
