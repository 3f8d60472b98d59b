/**
 * Admin console benchmark (a script, not a test).
 *
 *   npm run bench:console                               (BENCH_LAYOUT=deployed, the default)
 *   BENCH_LAYOUT=both npm run bench:console             (both layouts, one after the other)
 *   BENCH_DURATION=5 BENCH_ROUNDS=3 BENCH_WARMUP=1 BENCH_CONNECTIONS=8 npm run bench:console
 *   BENCH_PAGES=accounts BENCH_SIZES=100 npm run bench:console     (a subset, e.g. to profile)
 *
 * Two layouts (BENCH_LAYOUT=deployed|process|both):
 *   - deployed (deployed.ts): each service in its own node process, compiled, production mode,
 *     as users run it;
 *   - process (inProcess.ts): the whole stack in this process (testkit).
 * Each is seeded with 100+ users with keypairs and groups (the seed dataset) and one Curity account
 * per user. Two pages, each at page size 10 and 100:
 *   - users: user_list with groups, keypairs and each user's `account` (accounts subgraph), sent
 *     HMAC-signed as the superadmin keypair with a fresh signature per request;
 *   - accounts: the Curity accounts page.
 * Each page is measured through the gateway and as the same subgraph operations sent directly
 * with contexts minted like the gateway's, in alternating rounds (rounds.ts). Prints median RPS and
 * p50/p99, the gateway's overhead (median and range of the rounds), and per operation: Mongo
 * commands (counted in the admin subgraph's driver), Redis commands (INFO), Redis round trips of
 * each service's clients, and CPU time of each process.
 */
import { startDeployed } from './deployed';
import { BENCH_PROCESS, startInProcess } from './inProcess';
import { consolePages } from './paths';
import { measurePage, type Plan } from './rounds';
import { cpuHeader, formatCpu, formatPage, header } from './table';
import type { Layout } from './wire';

const PLAN: Plan = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_DURATION ?? 5),
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 1),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
};
const list = (v: string | undefined, fallback: string) => (v ?? fallback).split(',');
const SIZES = list(process.env.BENCH_SIZES, '10,100').map(Number);
const PAGES = list(process.env.BENCH_PAGES, 'users,accounts');
const LAYOUTS: Record<string, () => Promise<Layout>> = {
  process: startInProcess,
  deployed: startDeployed,
};
const chosen = process.env.BENCH_LAYOUT ?? 'deployed';
const ORDER = chosen === 'both' ? ['process', 'deployed'] : [chosen];
const out = (s: string) => process.stdout.write(`${s}\n`);

let current: Layout | undefined;

async function bench(layout: Layout): Promise<void> {
  const pages = await consolePages(layout);
  const procs = Object.keys((await layout.read()).cpuMs);
  const cpuLines: string[] = [];
  out(`\nlayout: ${layout.label}`);
  out(`  CPU ms/op: ${layout.cpuHeadline.join(' + ')}`);
  out(header(procs.includes('gateway')));
  for (const size of SIZES)
    for (const name of PAGES) {
      const page = pages[name];
      if (!page) throw new Error(`BENCH_PAGES: no page ${name} (users, accounts)`);
      const r = await measurePage(page(size), PLAN, layout.read, layout.cpuHeadline);
      formatPage(`${name} (${size})`, r).forEach(out);
      cpuLines.push(...formatCpu(`${name} (${size})`, r, procs));
    }
  out(cpuHeader(procs));
  cpuLines.forEach(out);
}

async function main(): Promise<void> {
  for (const name of ORDER)
    if (!LAYOUTS[name]) throw new Error(`BENCH_LAYOUT: ${chosen} (deployed, process or both)`);
  out(
    `console benchmark: ${PLAN.connections} connections; per page ${PLAN.warmupSeconds}s warm-up per path, then ${PLAN.rounds} rounds of ${PLAN.seconds}s per path, alternating; gateway in production mode, in-flight dedup off (every page does its own work)`,
  );
  for (const name of ORDER) {
    const started = Date.now();
    current = await LAYOUTS[name]!();
    try {
      await bench(current);
    } finally {
      await current.stop();
      current = undefined;
    }
    out(`  (${name}: ${((Date.now() - started) / 1000).toFixed(0)} s with start-up and seeding)`);
  }
  out('\n  RPS, p50, p99, CPU: medians of the rounds; per-op counts: over every round');
  out(
    '  overhead = direct RPS / gateway RPS - 1 in each round (the throughput a page loses to the gateway); CPU likewise with CPU ms/op',
  );
  out('  redis RT/op: round trips (socket writes) of the gateway, accounts and admin clients');
  out(
    '  gateway proc / subgraph procs (deployed): CPU ms per request through the gateway of the gateway process and of admin + accounts, and their ratio',
  );
  out(
    `  CPU per process: ${BENCH_PROCESS} = driver + gateway + subgraphs; driver = this process (load driver); redis, mongo: /proc of the store servers`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });

main().catch(async (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  await current?.stop();
  process.exit(1);
});
