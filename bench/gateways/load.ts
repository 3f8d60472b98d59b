/** One gateway under load: correctness check, warm-up, measured autocannon run, RSS sampling. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { treeCpuMs, treeRss } from './procs';

const FIXTURES = join(__dirname, 'fixtures');
export const QUERY = readFileSync(join(FIXTURES, 'query.graphql'), 'utf8');
export const EXPECTED: unknown = JSON.parse(readFileSync(join(FIXTURES, 'resp.json'), 'utf8'));
export const BODY = JSON.stringify({ query: QUERY });

export interface Target {
  url: string;
  headers: Record<string, string>;
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  rssMb: number;
  /** The gateway's CPU time per answered request: steadier than RPS on a shared machine. */
  cpuMsPerOp: number;
}

/** Whether one request answers 200 with exactly the expected response. */
export async function check(t: Target): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...t.headers },
      body: BODY,
    });
    const text = await res.text();
    if (res.status !== 200)
      return { ok: false, detail: `HTTP ${res.status}: ${text.slice(0, 300)}` };
    const ok = isDeepStrictEqual(JSON.parse(text), EXPECTED);
    return {
      ok,
      detail: ok
        ? `${text.length} bytes, equal to resp.json`
        : `differs from resp.json: ${text.slice(0, 300)}`,
    };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

export async function waitReady(t: Target, timeoutMs: number, alive: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until && alive()) {
    const r = await check(t);
    if (r.ok) return;
    last = r.detail;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`not ready: ${last || 'process exited'}`);
}

function run(t: Target, connections: number, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const opts = {
      url: t.url,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', ...t.headers },
      body: BODY,
      connections,
      duration: seconds,
      timeout: 30,
    };
    autocannon(opts, (err, result) => {
      // @types/autocannon types the callback's error `any`; it is an Error when set.
      if (err) reject(err instanceof Error ? err : new Error(`autocannon failed: ${String(err)}`));
      else resolve(result);
    });
  });
}

export async function measure(
  t: Target,
  pid: number,
  opts: {
    connections: number;
    warmupS: number;
    durationS: number;
    beforeMeasure: () => Promise<unknown>;
  },
): Promise<Measured> {
  if (opts.warmupS > 0) await run(t, opts.connections, opts.warmupS);
  await opts.beforeMeasure();
  let peak = 0;
  const cpuBefore = treeCpuMs(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 500);
  const r = await run(t, opts.connections, opts.durationS).finally(() => clearInterval(sampler));
  peak = Math.max(peak, treeRss(pid));
  const cpuMs = treeCpuMs(pid) - cpuBefore;
  const ok = r['2xx'];
  return {
    rps: ok / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    failures: r.non2xx + r.errors + r.timeouts,
    rssMb: peak / 2 ** 20,
    cpuMsPerOp: cpuMs / Math.max(1, ok),
  };
}
