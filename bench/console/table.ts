/** The console bench's printed tables: one per layout, and that layout's CPU per process. */
import { median, type PageResult } from './rounds';
import { SERVICES } from './wire';

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const num = (x: number, digits: number, width: number) => x.toFixed(digits).padStart(width);
const PATHS = ['gateway', 'direct'] as const;

const SUBGRAPHS = ['admin', 'accounts'];

/** With separate service processes, the main table also has their CPU on the gateway path. */
export function header(split: boolean): string {
  const procs = split ? '  gateway proc / subgraph procs, CPU ms/op' : '';
  return `  page            path      RPS  p50 ms  p99 ms  CPU ms/op  mongo/op  redis cmd/op  redis RT/op gw acc adm  overhead: RPS [range]  CPU [range]${procs}`;
}

/** Gateway path: the gateway process's CPU ms per request against the subgraph processes' (medians). */
function split(r: PageResult): string {
  const by = r.gateway.cpuByProcess;
  if (!by.gateway) return '';
  const rounds = by.gateway.length;
  const subs = Array.from({ length: rounds }, (_, i) =>
    SUBGRAPHS.reduce((sum, s) => sum + (by[s]?.[i] ?? 0), 0),
  );
  const ratios = by.gateway.map((g, i) => g / subs[i]!);
  return `  ${median(by.gateway).toFixed(2)} / ${median(subs).toFixed(2)} (${median(ratios).toFixed(2)}x)`;
}

/** Two lines per page: medians of the rounds, counts per operation over all rounds. */
export function formatPage(name: string, r: PageResult): string[] {
  return PATHS.map((path) => {
    const p = r[path];
    const rt = SERVICES.map((s) => num(p.roundTrips[s], 2, 4)).join(' ');
    const spread = (xs: number[]) =>
      `${pct(median(xs))} [${pct(Math.min(...xs))}..${pct(Math.max(...xs))}]`;
    const over =
      path === 'gateway'
        ? `  ${spread(r.overheads).padEnd(21)}  ${spread(r.cpuOverheads).padEnd(18)}${split(r)}`
        : '';
    const errs = p.errors ? `  errors: ${p.errors} (${p.firstError.slice(0, 120)})` : '';
    return (
      `  ${name.padEnd(14)}  ${path.padEnd(7)} ${num(median(p.rps), 0, 5)} ${num(median(p.p50), 1, 7)} ${num(median(p.p99), 1, 7)} ${num(median(p.cpuMs), 2, 10)} ${num(p.mongo, 1, 9)} ${num(p.redisCommands, 1, 13)}  ${rt.padStart(22)}${over}`.trimEnd() +
      errs
    );
  });
}

export function cpuHeader(procs: readonly string[]): string {
  return `  page            path    ${procs.map((p) => p.padStart(Math.max(9, p.length))).join(' ')}   (CPU ms per operation, medians of the rounds)`;
}

/**
 * Two lines per page: each process's CPU ms per operation. With a gateway process, the gateway line
 * adds how much more the headline processes (the servers) spend per operation on the gateway path.
 */
export function formatCpu(name: string, r: PageResult, procs: readonly string[]): string[] {
  return PATHS.map((path) => {
    const by = r[path].cpuByProcess;
    const cells = procs.map((p) => num(median(by[p] ?? [0]), 2, Math.max(9, p.length)));
    const gw = median(by.gateway ?? [0]);
    const more = median(r.gateway.cpuMs) - median(r.direct.cpuMs);
    const extra =
      path === 'gateway' && procs.includes('gateway')
        ? `   servers: +${more.toFixed(2)} ms/op on the gateway path, the gateway process ${gw.toFixed(2)}`
        : '';
    return `  ${name.padEnd(14)}  ${path.padEnd(7)} ${cells.join(' ')}${extra}`;
  });
}
