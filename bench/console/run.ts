/**
 * Admin console benchmark (a script, not a test).
 *
 *   npm run bench:console
 *   BENCH_DURATION=10 BENCH_CONNECTIONS=8 npm run bench:console
 *
 * The whole stack in this process (testkit: admin on the MongoDB-compatible server, accounts on a
 * private redis-server, the gateway), seeded with 100+ users with keypairs and groups (the seed
 * dataset) and one Curity account per user. Two pages, each at page size 10 and 100:
 *   - users: user_list with groups, keypairs and each user's `account` (accounts subgraph), sent
 *     HMAC-signed as the superadmin keypair with a fresh signature per request;
 *   - accounts: the Curity accounts page.
 * Each page is measured through the gateway, then as the same subgraph operations sent directly
 * with contexts minted like the gateway's. Prints RPS, p50/p99, the gateway's overhead, and Mongo
 * commands (counted in the driver) and Redis commands (INFO) per page.
 */
import { connectMongo, createRepositories } from '@fedmgmt/admin';
import { seedDataset } from '../../subgraphs/admin/scripts/lib/dataset';
import { startEmbeddedMongo } from '@fedmgmt/embedded';
import { signRequest } from '@fedmgmt/gateway';
import { type AuthContext, mintContextSync, secretKey } from '@fedmgmt/service-kit';
import {
  authHeaders,
  BOOTSTRAP_SUPERADMIN,
  type GraphQLBody,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';
import { drive, type Driven } from './drive';
import {
  ACCOUNTS_PAGE,
  USER_PAGE,
  USER_PAGE_ACCOUNTS,
  USER_PAGE_ADMIN,
  type UserItem,
} from './pages';
import { countMongoCommands, privateRedis } from './wire';

const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
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

async function seed(stack: Stack): Promise<void> {
  const store = await connectMongo({
    mongoUrl: stack.mongoUrl,
    mongoDb: stack.mongoDb,
    mongo: {
      serverSelectionTimeoutMS: 5000,
      connectTimeoutMS: 5000,
      socketTimeoutMS: 120_000,
      maxTimeMS: 60_000,
      maxPoolSize: 4,
    },
  });
  try {
    await seedDataset(
      createRepositories(store, {
        secretEncryptionKey: Buffer.from(stack.secrets.admin).subarray(0, 32),
      }),
      { users: 100 },
    );
  } finally {
    await store.close();
  }
  const page = await stack.request({
    query: USER_PAGE_ADMIN.replace('__typename ', ''),
    variables: { limit: 100 },
  });
  const emails = (page.body.data as { user_list: { items: UserItem[] } }).user_list.items.map(
    (u) => u.email,
  );
  const create =
    'mutation($f: AccountCreateFields!) { createAccount(input: { fields: $f }) { account { id } } }';
  for (let i = 0; i < emails.length; i += 10) {
    await Promise.all(
      emails.slice(i, i + 10).map(async (email) => {
        const r = await stack.request({
          query: create,
          variables: {
            f: {
              userName: email.split('@')[0]!.replace(/[^a-zA-Z0-9._-]/g, ''),
              emails: [{ value: email, primary: true }],
            },
          },
        });
        if (r.body.errors)
          throw new Error(`createAccount ${email}: ${JSON.stringify(r.body.errors)}`);
      }),
    );
  }
}

async function main(): Promise<void> {
  const mongo = await startEmbeddedMongo();
  const mongoProxy = countMongoCommands();
  const redis = await privateRedis();
  process.env.REDIS_URL = redis.url;
  // Apollo Server's production behaviour (the stack's own config keeps its dev-only local token issuer).
  process.env.NODE_ENV = 'production';
  const stack = await startStack({
    mongoUrl: mongo.url,
    gatewayEnv: { GATEWAY_INBOUND_DEDUP: 'false', GATEWAY_SUBGRAPH_DEDUP: 'false' },
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
      `console benchmark: ${CONNECTIONS} connections, ${DURATION}s per row; gateway in production mode, in-flight dedup off (every page does its own work)`,
    );
    out('  page                  path      RPS   p50 ms  p99 ms  mongo/op  redis/op  overhead');
    for (const size of [10, 100]) {
      const pages: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
        [
          `users (${size})`,
          () => signed({ query: USER_PAGE, variables: { limit: size } }),
          async () => {
            const admin = await toAdmin({ query: USER_PAGE_ADMIN, variables: { limit: size } });
            const items = (admin.data?.user_list as { items: UserItem[] }).items;
            await toAccounts({
              query: USER_PAGE_ACCOUNTS,
              variables: {
                representations: items.map((i) => ({ __typename: 'User', email: i.email })),
              },
            });
          },
        ],
        [
          `accounts (${size})`,
          () => signed({ query: ACCOUNTS_PAGE, variables: { first: size } }),
          () => toAccounts({ query: ACCOUNTS_PAGE, variables: { first: size } }),
        ],
      ];
      for (const [name, viaGateway, viaDirect] of pages) {
        const row = async (
          path: string,
          fn: () => Promise<unknown>,
        ): Promise<Driven & { path: string; mongoPerOp: number; redisPerOp: number }> => {
          await drive(fn, CONNECTIONS, 1);
          const [m0, r0] = [mongoProxy.count(), await redis.count()];
          const d = await drive(fn, CONNECTIONS, DURATION);
          const [m1, r1] = [mongoProxy.count(), await redis.count()];
          return { ...d, mongoPerOp: (m1 - m0) / d.ops, redisPerOp: (r1 - r0 - 1) / d.ops, path };
        };
        const g = await row('gateway', viaGateway);
        const s = await row('direct', viaDirect);
        for (const r of [g, s]) {
          const overhead = r === g ? `${((s.rps / g.rps - 1) * 100).toFixed(0)}%` : '';
          out(
            `  ${name.padEnd(20)}  ${r.path.padEnd(7)} ${r.rps.toFixed(0).padStart(6)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(7)} ${r.mongoPerOp.toFixed(1).padStart(9)} ${r.redisPerOp.toFixed(1).padStart(9)}  ${overhead}${r.errors ? `  errors: ${r.errors} (${r.firstError.slice(0, 120)})` : ''}`,
          );
        }
      }
    }
    out('  overhead = direct RPS / gateway RPS - 1 (the throughput a page loses to the gateway)');
  } finally {
    await stack.stop();
    await redis.stop();
    await mongo.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
