import { type ChildProcess, spawn } from 'node:child_process';
import { stopGroup } from './supervisor';

/** Child services of the dev stack: started with tsx in their own process group, output prefixed, stopped by that group. */
export interface Child {
  name: string;
  proc: ChildProcess;
}

export function startService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  color: number,
): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env, APOLLO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only the dev script, which stops each group it created.
    detached: true,
  });
  const tag = `\x1b[${color}m${name.padEnd(8)}\x1b[0m| `;
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let buf = '';
    stream?.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) out.write(tag + line + '\n');
    });
  };
  pipe(proc.stdout, process.stdout);
  pipe(proc.stderr, process.stderr);
  return { name, proc };
}

export function stopChild(child: Child, graceMs = 5000): Promise<void> {
  return stopGroup(child.proc, graceMs);
}

/** Polls `url` until it answers 200, the child exits, or the timeout passes. */
export async function waitHealthy(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.proc.exitCode !== null)
      throw new Error(`${child.name} exited with code ${child.proc.exitCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.name} did not become healthy at ${url} within ${timeoutMs} ms`);
}
