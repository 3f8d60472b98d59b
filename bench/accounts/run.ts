/**
 * Accounts store benchmark (a script, not a test).
 *
 *   npm run bench:accounts                                  # 10k then 1M accounts
 *   BENCH_ACCOUNTS_SIZES=10000,100000 npm run bench:accounts
 *
 * Loads accounts through the product's own atomic write path (Lua entityWrite) into a private
 * key prefix on REDIS_URL (default the local Redis), then measures, at each size, the latency of
 * a userName prefix page, an email suffix page, sorted pages (created DESC, name ASC, a page
 * after a cursor) and totalCount alone; prints the ratio between the smallest and largest size,
 * and Redis memory per account. Deletes every key it wrote (by name, no SCAN).
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import {
  type AccountListQuery,
  countRange,
  uniqueKey,
  createRepositories,
} from '@fedmgmt/accounts';

const SIZES = (process.env.BENCH_ACCOUNTS_SIZES ?? '10000,1000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const ITERATIONS = Number(process.env.BENCH_ACCOUNTS_ITERATIONS ?? 200);
const BATCH = 1000;
const prefix = `bench:acc:${randomUUID().slice(0, 8)}:`;
const out = (s: string) => process.stdout.write(`${s}\n`);

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', {
  maxRetriesPerRequest: 2,
  commandTimeout: 30_000,
});
const repos = createRepositories(redis, prefix, {
  cursorSecret: randomUUID() + randomUUID(),
  listing: {
    maxPageSize: 500,
    defaultPageSize: 50,
    maxInMemorySort: 1000,
    allowUnfiltered: true,
    allowEndsWith: true,
  },
});
const ids: string[] = [];

function bar(done: number, total: number, started: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  process.stderr.write(
    `\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate}/s   `,
  );
}

async function loadUpTo(target: number): Promise<void> {
  const started = Date.now();
  const from = ids.length;
  while (ids.length < target) {
    const n = Math.min(BATCH, target - ids.length);
    const batch = Array.from({ length: n }, (_, k) => {
      const i = ids.length + k;
      const userName = `user${i.toString(36)}-${randomUUID().slice(0, 6)}`;
      return repos.accounts.create({
        userName,
        active: i % 10 !== 0,
        emails: [{ value: `${userName}@example${i % 10}.org`, primary: true }],
      });
    });
    for (const a of await Promise.all(batch)) ids.push(a.id);
    if ((ids.length - from) % (BATCH * 10) === 0 || ids.length === target)
      bar(ids.length - from, target - from, started);
  }
  process.stderr.write('\n');
}

async function timeIt(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)]!,
    p95: samples[Math.floor(samples.length * 0.95)]!,
  };
}

/** A page as the resolver serves it: the index read plus one pipeline for the documents. */
const page = (q: Partial<AccountListQuery>) => async () => {
  const p = await repos.accountSearch.list({ activeOnly: true, first: 20, ...q });
  await repos.accounts.byIds(p.ids);
  return p;
};

async function cases(): Promise<Record<string, () => Promise<unknown>>> {
  const second = (await page({ sort: { by: 'name', order: 'ASC' } })()).endCursor!;
  const key = repos.accounts.keys.index('user', true);
  return {
    'baseline: Redis PING round trip': () => redis.ping(),
    'prefix userName STARTS_WITH "user1"': page({
      filter: { by: 'userName', type: 'STARTS_WITH', value: 'user1' },
    }),
    'suffix email ENDS_WITH "example3.org"': page({
      filter: { by: 'email', type: 'ENDS_WITH', value: 'example3.org' },
    }),
    'sorted page created DESC': page({ sort: { by: 'created', order: 'DESC' } }),
    'sorted page name ASC, after a cursor': page({
      sort: { by: 'name', order: 'ASC' },
      after: second,
    }),
    'totalCount ZCARD (active)': () => countRange(redis, { key }),
    'totalCount ZLEXCOUNT prefix "user1"': () =>
      countRange(redis, { key, prefix: uniqueKey('user1') }),
  };
}

async function usedMemory(): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function cleanup(): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const pipe = redis.pipeline();
    for (const id of ids.slice(i, i + BATCH)) pipe.unlink(repos.accounts.keys.account(id));
    await pipe.exec();
  }
  const fixed = repos.accounts.keys.writeKeys('x').slice(1);
  await redis.unlink(...fixed); // UNLINK frees the big sorted sets off the main thread
}

async function main(): Promise<void> {
  out(
    `accounts bench: sizes ${SIZES.join(', ')}; ${ITERATIONS} iterations per case; prefix ${prefix}`,
  );
  const before = await usedMemory();
  const results: Record<number, Record<string, { p50: number; p95: number }>> = {};
  for (const size of SIZES) {
    out(`loading up to ${size} accounts...`);
    await loadUpTo(size);
    const mem = (await usedMemory()) - before;
    out(
      `  Redis memory: ${(mem / 1024 / 1024).toFixed(1)} MiB, ${Math.round(mem / size)} bytes per account`,
    );
    results[size] = {};
    for (const [name, fn] of Object.entries(await cases())) {
      results[size][name] = await timeIt(fn);
      out(
        `  ${name.padEnd(42)} p50 ${results[size][name].p50.toFixed(3)} ms  p95 ${results[size][name].p95.toFixed(3)} ms`,
      );
    }
  }
  const [small, large] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
  if (small !== large) {
    out(`\nratio p50 at ${large} / ${small}:`);
    for (const name of Object.keys(results[small]!))
      out(
        `  ${name.padEnd(42)} ${(results[large]![name]!.p50 / results[small]![name]!.p50).toFixed(2)}x`,
      );
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    out('cleaning up...');
    await cleanup().catch(() => undefined);
    await redis.quit();
  });
