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
  /** One per round. */
  overheads: number[];
}

type Path = 'gateway' | 'direct';

function empty(): PathResult & { totals: Reading } {
  return {
    rps: [],
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
  for (let round = 0; round < plan.rounds; round++) {
    const order: Path[] = round % 2 === 0 ? ['gateway', 'direct'] : ['direct', 'gateway'];
    const rps: Partial<Record<Path, number>> = {};
    for (const path of order) {
      const a = acc[path];
      const before = await read();
      const d = await drive(paths[path], plan.connections, plan.seconds);
      const after = await read();
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
  }
  const perOp = ({ totals, ...r }: ReturnType<typeof empty>): PathResult => ({
    ...r,
    mongo: totals.mongo / r.ops,
    redisCommands: totals.redisCommands / r.ops,
    roundTrips: Object.fromEntries(
      SERVICES.map((s) => [s, totals.roundTrips[s] / r.ops]),
    ) as Record<Service, number>,
  });
  return { gateway: perOp(acc.gateway), direct: perOp(acc.direct), overheads };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const num = (x: number, digits: number, width: number) => x.toFixed(digits).padStart(width);

export const HEADER =
  '  page             path      RPS  p50 ms  p99 ms  mongo/op  redis cmd/op  redis RT/op (gw acc adm)  overhead median [range]';

/** Two lines per page: medians of the rounds, counts per operation over all rounds. */
export function formatPage(name: string, r: PageResult): string[] {
  return (['gateway', 'direct'] as const).map((path) => {
    const p = r[path];
    const rt = SERVICES.map((s) => num(p.roundTrips[s], 2, 4)).join(' ');
    const over =
      path === 'gateway'
        ? `  ${pct(median(r.overheads))} [${pct(Math.min(...r.overheads))}..${pct(Math.max(...r.overheads))}]`
        : '';
    const errs = p.errors ? `  errors: ${p.errors} (${p.firstError.slice(0, 120)})` : '';
    return `  ${name.padEnd(15)}  ${path.padEnd(7)} ${num(median(p.rps), 0, 5)} ${num(median(p.p50), 1, 7)} ${num(median(p.p99), 1, 7)} ${num(p.mongo, 1, 9)} ${num(p.redisCommands, 1, 13)}  ${rt.padStart(24)} ${over}${errs}`;
  });
}
