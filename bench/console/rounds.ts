/**
 * One page of the console bench, measured in alternating rounds: gateway then direct, then direct
 * then gateway, and so on, so that a slow spell of the shared machine falls on both paths. Each
 * round gives one overhead (direct RPS / gateway RPS - 1); the page reports their median and range.
 */
import { drive } from './drive';
import { type Reading, SERVICES, type Service } from './wire';

export interface Plan {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface PathResult {
  rps: number[];
  /** This process's CPU time (user + system) per operation: the load driver, gateway and subgraphs. */
  cpuMs: number[];
  p50: number[];
  p99: number[];
  ops: number;
  errors: number;
  firstError: string;
  /** Per operation, over every round. */
  mongo: number;
  redisCommands: number;
  roundTrips: Record<Service, number>;
}

export interface PageResult {
  gateway: PathResult;
  direct: PathResult;
  /** One per round: direct RPS / gateway RPS - 1. */
  overheads: number[];
  /** One per round: gateway CPU ms/op / direct CPU ms/op - 1. */
  cpuOverheads: number[];
}

type Path = 'gateway' | 'direct';

function empty(): PathResult & { totals: Reading } {
  return {
    rps: [],
    cpuMs: [],
    p50: [],
    p99: [],
    ops: 0,
    errors: 0,
    firstError: '',
    mongo: 0,
    redisCommands: 0,
    roundTrips: { gateway: 0, accounts: 0, admin: 0 },
    totals: { mongo: 0, redisCommands: 0, roundTrips: { gateway: 0, accounts: 0, admin: 0 } },
  };
}

export async function measurePage(
  paths: Record<Path, () => Promise<unknown>>,
  plan: Plan,
  read: () => Promise<Reading>,
): Promise<PageResult> {
  const acc = { gateway: empty(), direct: empty() };
  for (const path of ['gateway', 'direct'] as const)
    await drive(paths[path], plan.connections, plan.warmupSeconds);
  const overheads: number[] = [];
  const cpuOverheads: number[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const order: Path[] = round % 2 === 0 ? ['gateway', 'direct'] : ['direct', 'gateway'];
    const rps: Partial<Record<Path, number>> = {};
    const cpu: Partial<Record<Path, number>> = {};
    for (const path of order) {
      const a = acc[path];
      const before = await read();
      const cpu0 = process.cpuUsage();
      const d = await drive(paths[path], plan.connections, plan.seconds);
      const used = process.cpuUsage(cpu0);
      const after = await read();
      cpu[path] = (used.user + used.system) / 1000 / d.ops;
      a.cpuMs.push(cpu[path]);
      a.rps.push(d.rps);
      a.p50.push(d.p50);
      a.p99.push(d.p99);
      a.ops += d.ops;
      a.errors += d.errors;
      a.firstError ||= d.firstError;
      a.totals.mongo += after.mongo - before.mongo;
      a.totals.redisCommands += after.redisCommands - before.redisCommands;
      for (const s of SERVICES)
        a.totals.roundTrips[s] += after.roundTrips[s] - before.roundTrips[s];
      rps[path] = d.rps;
    }
    overheads.push(rps.direct! / rps.gateway! - 1);
    cpuOverheads.push(cpu.gateway! / cpu.direct! - 1);
  }
  const perOp = ({ totals, ...r }: ReturnType<typeof empty>): PathResult => ({
    ...r,
    mongo: totals.mongo / r.ops,
    redisCommands: totals.redisCommands / r.ops,
    roundTrips: Object.fromEntries(
      SERVICES.map((s) => [s, totals.roundTrips[s] / r.ops]),
    ) as Record<Service, number>,
  });
  return { gateway: perOp(acc.gateway), direct: perOp(acc.direct), overheads, cpuOverheads };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const num = (x: number, digits: number, width: number) => x.toFixed(digits).padStart(width);

export const HEADER =
  '  page            path      RPS  p50 ms  p99 ms  CPU ms/op  mongo/op  redis cmd/op  redis RT/op gw acc adm  overhead: RPS [range]  CPU [range]';

/** Two lines per page: medians of the rounds, counts per operation over all rounds. */
export function formatPage(name: string, r: PageResult): string[] {
  return (['gateway', 'direct'] as const).map((path) => {
    const p = r[path];
    const rt = SERVICES.map((s) => num(p.roundTrips[s], 2, 4)).join(' ');
    const spread = (xs: number[]) =>
      `${pct(median(xs))} [${pct(Math.min(...xs))}..${pct(Math.max(...xs))}]`;
    const over =
      path === 'gateway' ? `  ${spread(r.overheads).padEnd(21)}  ${spread(r.cpuOverheads)}` : '';
    const errs = p.errors ? `  errors: ${p.errors} (${p.firstError.slice(0, 120)})` : '';
    return `  ${name.padEnd(14)}  ${path.padEnd(7)} ${num(median(p.rps), 0, 5)} ${num(median(p.p50), 1, 7)} ${num(median(p.p99), 1, 7)} ${num(median(p.cpuMs), 2, 10)} ${num(p.mongo, 1, 9)} ${num(p.redisCommands, 1, 13)}  ${rt.padStart(22)}${over}${errs}`;
  });
}
