/**
 * Fault benchmark (a script, not a test): how fast, and with which code, the API answers
 * while a dependency is dead or hung, and how /ready follows.
 *
 *   npm run bench:faults                    # 5 samples per operation and outage
 *   BENCH_FAULT_SAMPLES=10 npm run bench:faults
 *
 * Everything runs on 127.0.0.1 in processes this script starts and stops by PID: a private
 * redis-server, its own jongodb, the accounts subgraph as a separate process (so it can be
 * hung with SIGSTOP), admin and the gateway in process, all with their default timeouts.
 * The gateway's keypair cache TTL is 2 s (KEYPAIR_CACHE_TTL_MS; default 60 s), so during an
 * outage keypairs are past their TTL and what keeps keypair callers in is stale serving
 * (KEYPAIR_STALE_MAX_MS). Between outages one healthy request per operation warms up
 * (steady traffic; a Redis reconnect empties the keypair cache on purpose).
 * Target: every outage answered within 1000 ms (mutations that were sent wait for the
 * mutation deadline, SUBGRAPH_MUTATION_TIMEOUT_MS, by design).
 */
import { DEFAULT_QUERY_DEADLINE_MS } from '@fedmgmt/gateway';
import { join } from 'node:path';
import {
  ensureBootstrapSuperadmin,
  connectMongo,
  createRepositories,
  ensureIndexes,
} from '@fedmgmt/admin';
import { freePort } from '@fedmgmt/embedded';
import {
  BOOTSTRAP_SUPERADMIN,
  type Caller,
  type Faulty,
  type GraphQLBody,
  privateMongo,
  privateRedis,
  readyStatus,
  serviceProcess,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
const SAMPLES = Math.max(1, Math.min(50, Number(process.env.BENCH_FAULT_SAMPLES ?? 5)));
const TARGET_MS = 1000;
const ROOT = join(__dirname, '..', '..');
const out = (s: string) => process.stdout.write(`${s}\n`);

interface Op {
  name: string;
  caller: 'keypair' | 'token';
  body: (i: number) => GraphQLBody;
  /** Answers that wait for the mutation deadline by design are reported, not held to the target. */
  mutation?: boolean;
}

const OPS: Op[] = [
  {
    name: 'admin read  (domains)',
    caller: 'keypair',
    body: (i) => ({ query: `query A${i} { domains { name } }` }),
  },
  {
    name: 'accounts read (token)',
    caller: 'token',
    body: (i) => ({ query: `query B${i} { accounts(first: 1) { totalCount } }` }),
  },
  {
    name: 'accounts read (keypair)',
    caller: 'keypair',
    body: (i) => ({ query: `query C${i} { accounts(first: 1) { totalCount } }` }),
  },
  {
    name: 'accounts write (token)',
    caller: 'token',
    mutation: true,
    body: (i) => ({
      query:
        'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }',
      variables: {
        input: {
          fields: {
            userName: `bench-${Date.now()}-${i}`,
            emails: [{ value: `b${Date.now()}${i}@example.com`, primary: true }],
          },
        },
      },
    }),
  },
  {
    name: 'admin write (keypair)',
    caller: 'keypair',
    mutation: true,
    body: (i) => ({
      query: `mutation { create_domain(name: "bench-${Date.now()}-${i}", props: {}) { ok msg } }`,
    }),
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function measure(
  stack: Stack,
  token: Caller,
  op: Op,
): Promise<{ ms: number[]; codes: Set<string> }> {
  const ms: number[] = [];
  const codes = new Set<string>();
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const res = await stack.request(op.body(i), op.caller === 'token' ? token : 'superadmin');
    ms.push(performance.now() - t0);
    const errs = res.body.errors ?? [];
    if (errs.length === 0) codes.add(`ok(${res.status})`);
    for (const e of errs)
      codes.add(String((e.extensions as { code?: string } | undefined)?.code ?? 'none'));
  }
  return { ms, codes };
}

/** Milliseconds until /ready answers `want`, polled every 50 ms (bounded). */
async function readyTurns(url: string, want: number, boundMs = 30_000): Promise<string> {
  const t0 = performance.now();
  while (performance.now() - t0 < boundMs) {
    if ((await readyStatus(url).catch(() => 0)) === want)
      return `${want} after ${Math.round(performance.now() - t0)} ms`;
    await new Promise((r) => setTimeout(r, 50));
  }
  return `never ${want} within ${boundMs} ms`;
}

/** The restarted jongodb is empty: put the bootstrap superadmin back, as `fedmgmt bootstrap` would. */
async function reseed(stack: Stack, mongoUrl: string): Promise<void> {
  const timeouts = {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    socketTimeoutMS: 20_000,
    maxTimeMS: 10_000,
    maxPoolSize: 2,
  };
  const store = await connectMongo({ mongoUrl, mongoDb: stack.mongoDb, mongo: timeouts });
  try {
    const repos = createRepositories(store, {
      secretEncryptionKey: Buffer.from(stack.secrets.admin).subarray(0, 32),
    });
    await ensureIndexes(repos);
    await ensureBootstrapSuperadmin(repos, BOOTSTRAP_SUPERADMIN);
  } finally {
    await store.close();
  }
}

interface Outage {
  name: string;
  inject: () => Promise<void> | void;
  recover: () => Promise<void> | void;
}

async function main(): Promise<void> {
  const [redis, mongo] = await Promise.all([privateRedis(), privateMongo()]);
  const port = await freePort();
  let accounts: Faulty | undefined;
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      redisUrl: redis.url,
      mongoUrl: mongo.url,
      subgraphUrlOverride: { accounts: `http://127.0.0.1:${port}/graphql` },
      // The product's query deadline (the test stack's own default is longer).
      gatewayEnv: {
        KEYPAIR_CACHE_TTL_MS: '2000',
        SUBGRAPH_TIMEOUT_MS: String(DEFAULT_QUERY_DEADLINE_MS),
      },
    });
    const s = stack;
    const acc = await serviceProcess(
      join(ROOT, 'subgraphs/accounts/src/main.ts'),
      {
        LOG_LEVEL: 'silent',
        ACCOUNTS_PORT: String(port),
        REDIS_URL: redis.url,
        ACCOUNTS_KEY_PREFIX: s.keyPrefix,
        INTERNAL_AUTH_SECRET: s.secrets.accounts,
      },
      port,
    );
    accounts = acc;
    const token: Caller = {
      token: await s.mintToken({ subject: 'bench', groups: ['accounts-admin'] }),
    };
    const outages: Outage[] = [
      { name: 'none (baseline)', inject: () => undefined, recover: () => undefined },
      { name: 'Redis hung (SIGSTOP)', inject: () => redis.hang(), recover: () => redis.resume() },
      { name: 'Redis dead (SIGKILL)', inject: () => redis.kill(), recover: () => redis.restart() },
      { name: 'MongoDB hung (SIGSTOP)', inject: () => mongo.hang(), recover: () => mongo.resume() },
      {
        name: 'MongoDB dead (SIGKILL)',
        inject: () => mongo.kill(),
        recover: async () => (await mongo.restart(), await reseed(s, mongo.url)),
      },
      { name: 'accounts subgraph hung', inject: () => acc.hang(), recover: () => acc.resume() },
      { name: 'accounts subgraph dead', inject: () => acc.kill(), recover: () => acc.restart() },
    ];
    out(
      `fault benchmark: ${SAMPLES} samples per operation; target ${TARGET_MS} ms (median / max, codes returned)`,
    );
    for (const outage of outages) {
      out('');
      out(`== ${outage.name}`);
      for (const op of OPS)
        await s.request(op.body(-1), op.caller === 'token' ? token : 'superadmin');
      await outage.inject();
      if (outage.name !== 'none (baseline)')
        out(`   /ready ${await readyTurns(s.gatewayUrl, 503)} (gateway)`);
      for (const op of OPS) {
        const { ms, codes } = await measure(s, token, op);
        const verdict =
          Math.max(...ms) <= TARGET_MS
            ? 'within target'
            : op.mutation
              ? 'over (mutation deadline)'
              : 'OVER TARGET';
        out(
          `   ${op.name.padEnd(24)} ${String(Math.round(median(ms))).padStart(5)} / ${String(Math.round(Math.max(...ms))).padStart(5)} ms  ${[...codes].join(',').padEnd(34)} ${verdict}`,
        );
      }
      await outage.recover();
      if (outage.name !== 'none (baseline)')
        out(`   /ready ${await readyTurns(s.gatewayUrl, 200)} after recovery`);
    }
  } finally {
    await accounts?.stop();
    await stack?.stop().catch(() => undefined);
    await Promise.all([redis.stop(), mongo.stop()]);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:faults failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
