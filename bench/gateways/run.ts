/**
 * Federation gateways benchmark, side by side on this machine (a script, not a test).
 *
 *   npm run bench:gateways
 *   BENCH_DURATION=20 BENCH_GATEWAYS=hive-rust,ours BENCH_SCENARIOS=engine npm run bench:gateways
 *   BENCH_OURS_GATEWAY_WORKERS=1 npm run bench:gateways       # any BENCH_OURS_<VAR> reaches ours as <VAR>
 *   BENCH_ROUNDS=3 BENCH_GATEWAYS=ours-baseline,ours …          # A/B in turn, medians at the end
 *
 * The public gateways-benchmark scenario (fixtures/): four subgraphs in one process (subgraphs/),
 * the composed supergraph, one query with an 87.6 KB answer. Each gateway is started alone on
 * 127.0.0.1, must answer exactly fixtures/resp.json, is warmed up (BENCH_WARMUP s, default 3), then
 * driven by autocannon with BENCH_CONNECTIONS (50) for BENCH_DURATION s (10); it is checked again
 * after the run. Prints RPS (2xx only), p50/p99, peak RSS of the gateway's process tree, subgraph
 * requests per operation, and ours against every peer of the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { buildAll } from './build';
import { gatewaySpecs, type Scenario, SCENARIOS } from './gateways';
import { check, type Measured, measure, waitReady } from './load';
import { oursSetup } from './peers/ours';
import { type Proc, startProc } from './procs';
import { SDL, SUBGRAPH_NAMES } from './subgraphs/schemas';

const env = process.env;
const DURATION = Number(env.BENCH_DURATION ?? 10);
const WARMUP = Number(env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
/** Rounds per scenario: every selected gateway runs once per round, in turn (A/B pairs under noise). */
const ROUNDS = Math.max(1, Number(env.BENCH_ROUNDS ?? 1));
const SUBGRAPH_PORT = Number(env.BENCH_SUBGRAPH_PORT ?? 14200);
const GATEWAY_PORT = Number(env.BENCH_GATEWAY_PORT ?? 14100);
const ONLY = env.BENCH_GATEWAYS?.split(',').filter(Boolean);
const SCENARIO_LIST = (env.BENCH_SCENARIOS?.split(',').filter(Boolean) ??
  Object.keys(SCENARIOS)) as Scenario[];
const out = (s: string) => process.stdout.write(`${s}\n`);

interface Row extends Measured {
  id: string;
  label: string;
  fetchesPerOp: number;
  verified: string;
}

function compose(dir: string): string {
  const composed = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://127.0.0.1:${SUBGRAPH_PORT}/${name}`,
      typeDefs: parse(SDL[name]!),
    })),
  );
  if (composed.errors)
    throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  const path = join(dir, 'supergraph.graphql');
  writeFileSync(path, composed.supergraphSdl);
  return path;
}

async function subgraphStats(reset: boolean): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${SUBGRAPH_PORT}/stats`, {
    method: reset ? 'POST' : 'GET',
  });
  return Object.values((await res.json()) as Record<string, number>).reduce((a, b) => a + b, 0);
}

async function runOne(
  spec: ReturnType<typeof gatewaySpecs>[number],
  scenario: Scenario,
  token: string,
): Promise<Row | undefined> {
  const launch = spec.launch(scenario, GATEWAY_PORT);
  const proc: Proc = startProc(spec.id, launch.cmd, launch.args, launch.env);
  const target = {
    url: `http://127.0.0.1:${GATEWAY_PORT}/graphql`,
    headers: { authorization: `Bearer ${token}` },
  };
  try {
    await waitReady(target, 90_000, () => proc.child.exitCode === null);
    const m = await measure(target, proc.child.pid!, {
      connections: CONNECTIONS,
      warmupS: WARMUP,
      durationS: DURATION,
      beforeMeasure: () => subgraphStats(true),
    });
    const fetches = await subgraphStats(false);
    const after = await check(target);
    const verified = after.ok ? 'ok' : `FAILED: ${after.detail}`;
    return {
      ...m,
      id: spec.id,
      label: `${spec.label} [${launch.note}]`,
      fetchesPerOp: fetches / Math.max(1, m.requests),
      verified,
    };
  } catch (err) {
    out(`  ${spec.id}: ${(err as Error).message}\n${proc.output()}`);
    return undefined;
  } finally {
    await proc.stop();
  }
}

function table(rows: Row[]): void {
  out(
    '  gateway                                                                  RPS     p50 ms  p99 ms  RSS MB  CPU ms/op  fetch/op  fail  check',
  );
  for (const r of rows) {
    out(
      `  ${r.label.padEnd(72).slice(0, 72)} ${r.rps.toFixed(0).padStart(6)} ${r.p50.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(7)} ${r.rssMb
        .toFixed(0)
        .padStart(
          7,
        )} ${r.cpuMsPerOp.toFixed(2).padStart(10)} ${r.fetchesPerOp.toFixed(2).padStart(9)} ${String(r.failures).padStart(5)}  ${r.verified}`,
    );
  }
  const ours = rows.find((r) => r.id === 'ours');
  if (!ours) return;
  for (const peer of rows.filter((r) => r.id !== 'ours')) {
    out(
      `  ours / ${peer.id}: ${(ours.rps / peer.rps).toFixed(2)}x RPS, ${(ours.cpuMsPerOp / peer.cpuMsPerOp).toFixed(2)}x CPU per request`,
    );
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Over every round: the median RPS and CPU ms/op of each gateway. */
function medians(rows: Row[]): void {
  out('  medians over the rounds');
  const ids = [...new Set(rows.map((r) => r.id))];
  const of = (id: string) => rows.filter((r) => r.id === id);
  for (const id of ids) {
    const rs = of(id);
    out(
      `  ${id.padEnd(14)} RPS ${median(rs.map((r) => r.rps))
        .toFixed(0)
        .padStart(6)}  CPU ms/op ${median(rs.map((r) => r.cpuMsPerOp))
        .toFixed(2)
        .padStart(
          7,
        )}  fetch/op ${median(rs.map((r) => r.fetchesPerOp)).toFixed(2)}  (${rs.length} runs)`,
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gw-'));
  const built = await buildAll();
  const supergraph = compose(dir);
  const ours = await oursSetup(SUBGRAPH_NAMES);
  const specs = gatewaySpecs({ ...built, supergraph }, ours.env).filter(
    (s) => !ONLY || ONLY.includes(s.id),
  );
  const subgraphs = startProc('subgraphs', process.execPath, [built.subgraphs], {
    NODE_ENV: 'production',
    BENCH_SUBGRAPH_PORT: String(SUBGRAPH_PORT),
    ...ours.subgraphEnv,
  });
  await new Promise<void>((ok, fail) => {
    subgraphs.child.once('message', () => ok());
    subgraphs.child.once('exit', () => fail(new Error(`subgraphs exited: ${subgraphs.output()}`)));
  });
  out(
    `gateways benchmark: ${CONNECTIONS} connections, ${WARMUP}s warm-up, ${DURATION}s measured, node ${process.version}, 127.0.0.1 only`,
  );
  try {
    for (const scenario of SCENARIO_LIST) {
      out(`\n${SCENARIOS[scenario]}`);
      const all: Row[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const rows: Row[] = [];
        for (const spec of specs) {
          const row = await runOne(spec, scenario, ours.token);
          if (row) rows.push(row);
        }
        if (ROUNDS > 1) out(`  round ${round}/${ROUNDS}`);
        table(rows);
        all.push(...rows);
      }
      if (ROUNDS > 1) medians(all);
    }
  } finally {
    await subgraphs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
