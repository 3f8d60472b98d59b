import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One `npm start` (scripts/dev.ts) run as a child in its own process group, on the ports and data dir given. */
export interface DevStack {
  proc: ChildProcess;
  gatewayUrl: string;
  /** PIDs from <dataDir>/dev-stack.json, as dev.ts last wrote them (they follow supervisor restarts). */
  pids(): Record<string, number>;
  /** SIGINT to its process group; resolves with its exit code once it has exited. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export interface DevStackOptions {
  root: string;
  dataDir: string;
  ports: { gateway: number; admin: number; accounts: number };
  /** Its output is appended here (printed on failure by the caller). */
  logFile: string;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  stepMs = 100,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return false;
}

export async function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    .then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    })
    .catch(() => 0);
}

export async function startDevStack(
  o: DevStackOptions,
  readyTimeoutMs = 120_000,
): Promise<DevStack> {
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const proc = spawn(process.execPath, ['--import', 'tsx', join(o.root, 'scripts', 'dev.ts')], {
    cwd: o.root,
    env: {
      ...process.env,
      APOLLO_TELEMETRY_DISABLED: '1',
      DEV_DATA_DIR: o.dataDir,
      DEV_PRIVATE_REDIS: '1',
      GATEWAY_PORT: String(o.ports.gateway),
      ADMIN_PORT: String(o.ports.admin),
      ACCOUNTS_PORT: String(o.ports.accounts),
      LOG_LEVEL: 'warn',
      SEED_USERS: '5',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  proc.stdout?.pipe(log, { end: false });
  proc.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const stackFile = join(o.dataDir, 'dev-stack.json');
  const pids = (): Record<string, number> =>
    existsSync(stackFile)
      ? ((JSON.parse(readFileSync(stackFile, 'utf8')) as { pids?: Record<string, number> }).pids ??
        {})
      : {};
  const base = `http://127.0.0.1:${o.ports.gateway}`;
  const stack: DevStack = {
    proc,
    gatewayUrl: `${base}/graphql`,
    pids,
    stop: async (timeoutMs = 60_000) => {
      if (proc.exitCode === null && proc.signalCode === null && proc.pid)
        process.kill(-proc.pid, 'SIGINT');
      const code = await Promise.race([
        exited,
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs)),
      ]);
      if (code === 'timeout') {
        if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
        throw new Error(
          `the dev stack did not stop within ${timeoutMs} ms (killed its process group)`,
        );
      }
      return code;
    },
  };
  const ready = await waitFor(
    async () =>
      proc.exitCode !== null ||
      (pids().gateway !== undefined && (await httpStatus(`${base}/ready`)) === 200),
    readyTimeoutMs,
    250,
  );
  if (proc.exitCode !== null)
    throw new Error(
      `the dev stack exited with code ${proc.exitCode} before it was ready (log: ${o.logFile})`,
    );
  if (!ready) {
    await stack.stop().catch(() => undefined);
    throw new Error(
      `the dev stack did not become ready within ${readyTimeoutMs} ms (log: ${o.logFile})`,
    );
  }
  return stack;
}
