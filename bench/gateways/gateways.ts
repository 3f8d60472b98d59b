/** The gateways the bench compares, and how each starts in each scenario. */
import { join, resolve } from 'node:path';

export type Scenario = 'benchmarked' | 'engine';
export const SCENARIOS: Record<Scenario, string> = {
  benchmarked:
    'as benchmarked: each gateway in its best published configuration (inbound in-flight dedup on where it has one)',
  engine: 'engine: inbound in-flight dedup off everywhere',
};

export interface Launch {
  cmd: string;
  args: string[];
  env: Record<string, string>;
  /** Sends the bearer token? (Only ours authenticates; peers get it too and ignore it.) */
  note: string;
}

export interface GatewaySpec {
  id: string;
  label: string;
  launch: (s: Scenario, port: number) => Launch;
}

const ROOT = resolve(__dirname, '..', '..');
/** The NODE_OPTIONS gateway/Dockerfile sets for ours (passed as node flags here). */
const PRODUCTION_NODE_ARGS = '--max-semi-space-size=64';
const HIVE_BIN = join(ROOT, 'node_modules/@graphql-hive/gateway/dist/bin.js');
const HIVE_CONFIG = join(__dirname, 'peers/hive.gateway.mjs');

export function gatewaySpecs(
  paths: { apollo: string; gateway: string; supergraph: string },
  oursEnv: Record<string, string>,
): GatewaySpec[] {
  const hive =
    (rust: boolean) =>
    (s: Scenario, port: number): Launch => ({
      cmd: process.execPath,
      args: [
        HIVE_BIN,
        'supergraph',
        paths.supergraph,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '-c',
        HIVE_CONFIG,
        ...(rust ? [] : ['--jit']),
      ],
      env: {
        NODE_ENV: 'production',
        BENCH_DEDUP: s === 'benchmarked' ? '1' : '0',
        BENCH_RUST: rust ? '1' : '0',
      },
      note: rust ? 'router-runtime (Rust planner)' : '--jit',
    });
  return [
    {
      id: 'apollo',
      label: '@apollo/gateway 2.14.4 + @apollo/server 5.5.1',
      launch: (_s, port) => ({
        cmd: process.execPath,
        args: [paths.apollo],
        env: { NODE_ENV: 'production', PORT: String(port), SUPERGRAPH_PATH: paths.supergraph },
        note: 'cluster of availableParallelism()-1 workers, as the benchmark runs it',
      }),
    },
    { id: 'hive-js', label: 'Hive Gateway 2.15.1 (JS planner, --jit)', launch: hive(false) },
    { id: 'hive-rust', label: 'Hive Gateway 2.15.1 + router-runtime 1.4.23', launch: hive(true) },
    ...(process.env.BENCH_OURS_BASELINE
      ? [
          oursSpec(
            'ours-baseline',
            `baseline build ${process.env.BENCH_OURS_BASELINE}`,
            process.env.BENCH_OURS_BASELINE,
            process.env.BENCH_OURS_BASELINE_NODE_ARGS ??
              process.env.BENCH_OURS_NODE_ARGS ??
              PRODUCTION_NODE_ARGS,
          ),
        ]
      : []),
    oursSpec(
      'ours',
      'ours (production, bearer JWT via static JWKS)',
      paths.gateway,
      process.env.BENCH_OURS_NODE_ARGS ?? PRODUCTION_NODE_ARGS,
    ),
  ];

  /**
   * BENCH_OURS_BASELINE=bench/gateways/.build/gateway-before.js adds an earlier build of ours to the
   * same run (before/after side by side); keep it in .build/ so its requires resolve.
   * BENCH_OURS_BASELINE_NODE_ARGS, when set, replaces BENCH_OURS_NODE_ARGS for the baseline only.
   */
  function oursSpec(
    id: string,
    label: string,
    bundle: string,
    nodeArgs: string | undefined,
  ): GatewaySpec {
    return {
      id,
      label,
      launch: (s, port) => ({
        cmd: process.execPath,
        // BENCH_OURS_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": node flags NODE_OPTIONS refuses.
        // It replaces the production flags: repeat them to keep them.
        args: [...(nodeArgs?.split(' ').filter(Boolean) ?? []), resolve(bundle)],
        env: {
          ...oursEnv,
          GATEWAY_HOST: '127.0.0.1',
          GATEWAY_PORT: String(port),
          SUPERGRAPH_PATH: paths.supergraph,
          GATEWAY_INBOUND_DEDUP: s === 'engine' ? 'false' : 'true',
          ...(id === 'ours-baseline' ? baselineEnv() : {}),
        },
        note: s === 'engine' ? 'inbound dedup off' : 'inbound dedup on',
      }),
    };
  }
}

/** BENCH_BASELINE_ENV_<VAR>=value reaches the baseline only, as <VAR> (after the BENCH_OURS_ ones). */
function baselineEnv(): Record<string, string> {
  const prefix = 'BENCH_BASELINE_ENV_';
  return Object.fromEntries(
    Object.entries(process.env)
      .filter(([k, v]) => k.startsWith(prefix) && v !== undefined)
      .map(([k, v]) => [k.slice(prefix.length), v!]),
  );
}
