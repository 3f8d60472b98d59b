/**
 * One page of the console bench, measured in alternating rounds: gateway then direct, then direct
 * then gateway, and so on, so that a slow spell of the shared machine falls on both paths. Each
 * round gives one overhead (direct RPS / gateway RPS - 1); the page reports their median and range.
 */
import { drive } from './drive';
import type { Path } from './paths';
import { type Reading, SERVICES, type Service } from './wire';

export interface Plan {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface PathResult {
  rps: number[];
  /** CPU time (user + system) per operation of the layout's headline processes, one per round. */
  cpuMs: number[];
  /** CPU ms per operation of each process the layout reads, one per round. */
  cpuByProcess: Record<string, number[]>;
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

function empty(): PathResult & { totals: Reading } {
  return {
    rps: [],
    cpuMs: [],
    cpuByProcess: {},
    p50: [],
    p99: [],
    ops: 0,
    errors: 0,
    firstError: '',
    mongo: 0,
    redisCommands: 0,
    roundTrips: { gateway: 0, accounts: 0, admin: 0 },
    totals: {
      mongo: 0,
      redisCommands: 0,
      roundTrips: { gateway: 0, accounts: 0, admin: 0 },
      cpuMs: {},
    },
  };
}

export async function measurePage(
  paths: Record<Path, () => Promise<unknown>>,
  plan: Plan,
  read: () => Promise<Reading>,
  cpuHeadline: readonly string[],
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
      const d = await drive(paths[path], plan.connections, plan.seconds);
      const after = await read();
      for (const [proc, ms] of Object.entries(after.cpuMs))
        (a.cpuByProcess[proc] ??= []).push((ms - (before.cpuMs[proc] ?? 0)) / d.ops);
      cpu[path] = cpuHeadline.reduce((sum, proc) => sum + a.cpuByProcess[proc]!.at(-1)!, 0);
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
