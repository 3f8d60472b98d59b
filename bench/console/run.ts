/**
 * Admin console benchmark (a script, not a test).
 *
 *   npm run bench:console
 *   BENCH_DURATION=5 BENCH_ROUNDS=3 BENCH_WARMUP=1 BENCH_CONNECTIONS=8 npm run bench:console
 *   BENCH_PAGES=accounts BENCH_SIZES=100 npm run bench:console     (a subset, e.g. to profile)
 *
 * The whole stack in this process (testkit: admin on the MongoDB-compatible server, accounts on a
 * private redis-server, the gateway), seeded with 100+ users with keypairs and groups (the seed
 * dataset) and one Curity account per user. Two pages, each at page size 10 and 100:
 *   - users: user_list with groups, keypairs and each user's `account` (accounts subgraph), sent
 *     HMAC-signed as the superadmin keypair with a fresh signature per request;
 *   - accounts: the Curity accounts page.
 * Each page is measured through the gateway and as the same subgraph operations sent directly
 * with contexts minted like the gateway's, in alternating rounds (rounds.ts). Prints median RPS and
 * p50/p99, the gateway's overhead (median and range of the rounds), and per operation: Mongo
 * commands (counted in the driver), Redis commands (INFO) and Redis round trips of each service's
 * clients (socket writes of its ioredis clients, wire.ts).
 */
import { startEmbeddedMongo } from '@fedmgmt/embedded';
import { signRequest } from '@fedmgmt/gateway';
import { type AuthContext, mintContextSync, secretKey } from '@fedmgmt/service-kit';
import { authHeaders, BOOTSTRAP_SUPERADMIN, type GraphQLBody, startStack } from '@fedmgmt/testkit';
import {
  ACCOUNTS_PAGE,
  USER_PAGE,
  USER_PAGE_ACCOUNTS,
  USER_PAGE_ADMIN,
  type UserItem,
} from './pages';
import { formatPage, HEADER, measurePage, type Plan } from './rounds';
import { seed } from './seed';
import { meters } from './wire';

const PLAN: Plan = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_DURATION ?? 5),
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 1),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
};
const list = (v: string | undefined, fallback: string) => (v ?? fallback).split(',');
const SIZES = list(process.env.BENCH_SIZES, '10,100').map(Number);
const PAGES = list(process.env.BENCH_PAGES, 'users,accounts');
const out = (s: string) => process.stdout.write(`${s}\n`);

async function post(
  url: string,
  body: GraphQLBody,
  headers: Record<string, string>,
): Promise<{ data?: Record<string, unknown>; errors?: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (res.status !== 200 || json.errors)
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

async function main(): Promise<void> {
  const mongo = await startEmbeddedMongo();
  const m = await meters();
  process.env.REDIS_URL = m.redisUrl;
  // Apollo Server's production behaviour (the stack's own config keeps its dev-only local token issuer).
  process.env.NODE_ENV = 'production';
  const stack = await startStack({
    mongoUrl: mongo.url,
    redisUrl: m.redisUrl,
    adminEnv: { REDIS_URL: m.redisUrls.admin },
    accountsEnv: { REDIS_URL: m.redisUrls.accounts },
    gatewayEnv: {
      REDIS_URL: m.redisUrls.gateway,
      GATEWAY_INBOUND_DEDUP: 'false',
      GATEWAY_SUBGRAPH_DEDUP: 'false',
    },
  });
  try {
    await seed(stack);
    const gw = new URL('/graphql', stack.gatewayUrl).toString();
    const me = await post(
      gw,
      { query: '{ user { uuid email domain_name } }' },
      await authHeaders('superadmin', gw, { query: '{ user { uuid email domain_name } }' }),
    );
    const u = me.data?.user as { uuid: string; email: string; domain_name: string };
    const ctx: AuthContext = {
      kind: 'keypair',
      requestId: 'bench',
      subject: BOOTSTRAP_SUPERADMIN.accessKey,
      scopes: [],
      groups: ['accounts-admin'],
      user: {
        uuid: u.uuid,
        email: u.email,
        role: 'superadmin',
        domain: u.domain_name,
        accessKey: BOOTSTRAP_SUPERADMIN.accessKey,
      },
    };
    const direct = (name: 'admin' | 'accounts', url: string) => (body: GraphQLBody) =>
      post(url, body, {
        'x-internal-auth': mintContextSync(ctx, {
          audience: name,
          key: secretKey(stack.secrets[name]),
          body,
        }),
      });
    const toAdmin = direct('admin', stack.adminUrl);
    const toAccounts = direct('accounts', stack.accountsUrl);
    // A fresh signature per request: a distinct Date (ms) each time, as the gateway refuses a replayed one.
    let last = 0;
    const signed = (body: GraphQLBody) => {
      last = Math.max(Date.now(), last + 1);
      const text = JSON.stringify(body);
      const { accessKey, secretKey: sk } = BOOTSTRAP_SUPERADMIN;
      return post(
        gw,
        body,
        signRequest({
          accessKey,
          secretKey: sk,
          method: 'POST',
          url: gw,
          body: text,
          date: new Date(last),
        }),
      );
    };
    out(
      `console benchmark: ${PLAN.connections} connections; per page ${PLAN.warmupSeconds}s warm-up per path, then ${PLAN.rounds} rounds of ${PLAN.seconds}s per path, alternating; gateway in production mode, in-flight dedup off (every page does its own work)`,
    );
    out(HEADER);
    const pages: Record<
      string,
      (size: number) => Record<'gateway' | 'direct', () => Promise<unknown>>
    > = {
      users: (size) => ({
        gateway: () => signed({ query: USER_PAGE, variables: { limit: size } }),
        direct: async () => {
          const admin = await toAdmin({ query: USER_PAGE_ADMIN, variables: { limit: size } });
          const items = (admin.data?.user_list as { items: UserItem[] }).items;
          await toAccounts({
            query: USER_PAGE_ACCOUNTS,
            variables: {
              representations: items.map((i) => ({ __typename: 'User', email: i.email })),
            },
          });
        },
      }),
      accounts: (size) => ({
        gateway: () => signed({ query: ACCOUNTS_PAGE, variables: { first: size } }),
        direct: () => toAccounts({ query: ACCOUNTS_PAGE, variables: { first: size } }),
      }),
    };
    for (const size of SIZES)
      for (const name of PAGES) {
        const paths = pages[name];
        if (!paths) throw new Error(`BENCH_PAGES: no page ${name} (users, accounts)`);
        formatPage(`${name} (${size})`, await measurePage(paths(size), PLAN, m.read)).forEach(out);
      }
    out('  RPS, p50, p99: medians of the rounds; per-op counts: over every round');
    out(
      '  overhead = direct RPS / gateway RPS - 1 in each round (the throughput a page loses to the gateway)',
    );
    out('  redis RT/op: round trips (socket writes) of the gateway, accounts and admin clients');
  } finally {
    await stack.stop();
    await m.stop();
    await mongo.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
