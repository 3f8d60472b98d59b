/**
 * The deployed layout's service processes: each one `node --require preload.js <service>/main.js`
 * from the esbuild output (build.ts), started detached and stopped by its PID (bench/gateways'
 * procs.ts). The preload answers `bench:read` on the IPC channel (preload.ts).
 */
import { type Proc, startProc } from '../gateways/procs';
import type { CountsReply, CountsRequest } from './preload';

export interface Service {
  proc: Proc;
  /** The counters and CPU time of the process, from its preload. */
  read(names: string[]): Promise<CountsReply>;
}

export function startService(
  name: string,
  nodeArgs: string[],
  main: string,
  env: Record<string, string>,
): Service {
  const proc = startProc(name, process.execPath, [...nodeArgs, main], env);
  const waiting = new Map<number, (r: CountsReply) => void>();
  proc.child.on('message', (m: CountsReply) => {
    if (m?.type !== 'bench:counts') return;
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  // A send on a closed channel is reported through read(); without a listener it would crash the bench.
  proc.child.on('error', () => undefined);
  let next = 0;
  return {
    proc,
    read: (names) =>
      new Promise<CountsReply>((resolve, reject) => {
        const id = ++next;
        const fail = (err: Error) => {
          clearTimeout(timer);
          waiting.delete(id);
          reject(err);
        };
        const timer = setTimeout(
          () => fail(new Error(`${name} did not report its counters within 5 s`)),
          5000,
        );
        waiting.set(id, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        const req: CountsRequest = { type: 'bench:read', id, names };
        if (!proc.child.connected) return fail(new Error(`${name} has exited`));
        proc.child.send(req, (err) => err && fail(err));
      }),
  };
}

/** Polls GET <origin>/ready until it answers 200; fails with the process's output if it exits or times out. */
export async function waitReady(
  service: Service,
  origin: string,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  const { child } = service.proc;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${service.proc.name} exited: ${service.proc.output()}`);
    try {
      const res = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${service.proc.name} not ready within ${timeoutMs} ms: ${service.proc.output()}`,
  );
}
