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
  eventually,
  type Faulty,
  privateMongo,
  privateRedis,
  readyStatus,
  serviceProcess,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';

/**
 * The whole stack with faults injected into processes this test owns (a private redis-server,
 * its own jongodb, the accounts subgraph as a separate process): outcomes are asserted
 * (codes, /ready 503 then 200, recovery), never timings.
 */
const ROOT = join(__dirname, '..', '..', '..');
const ACCOUNTS = '{ accounts(first: 1) { totalCount } }';
// `accounts` is non-null (its failure nulls the whole result); accountByUserName is nullable.
const MIXED = '{ domains { name } accountByUserName(userName: "nobody") { id } }';
const CREATE = (userName: string) => ({
  query:
    'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }',
  variables: {
    input: { fields: { userName, emails: [{ value: `${userName}@example.com`, primary: true }] } },
  },
});
type Res = Awaited<ReturnType<Stack['request']>>;
const codes = (res: Res) =>
  (res.body.errors ?? []).map((e) => (e.extensions as { code?: string } | undefined)?.code);
const until = (probe: () => Promise<boolean>) =>
  eventually(async () => ((await probe()) ? true : undefined), 30_000);

describe('gateway with its stores and a subgraph failing', () => {
  let redis: Faulty;
  let mongo: Faulty;
  let accounts: Faulty;
  let stack: Stack;
  let token: Caller;
  const ready = () => readyStatus(stack.gatewayUrl);

  beforeAll(async () => {
    [redis, mongo] = await Promise.all([privateRedis(), privateMongo()]);
    const port = await freePort();
    stack = await startStack({
      redisUrl: redis.url,
      mongoUrl: mongo.url,
      subgraphUrlOverride: { accounts: `http://127.0.0.1:${port}/graphql` },
      // Every keypair lookup goes to the admin subgraph (no fresh cache hits), so stale serving shows.
      gatewayEnv: {
        KEYPAIR_CACHE_TTL_MS: '0',
        READY_CACHE_MS: '0',
        // Well above admin's 700 ms server selection: with Mongo gone, admin's own
        // SERVICE_UNAVAILABLE must arrive before the gateway gives up on it (800 ms did not, once,
        // under a loaded full suite); a hung accounts subgraph still runs into these deadlines.
        SUBGRAPH_TIMEOUT_MS: '2500',
        SUBGRAPH_MUTATION_TIMEOUT_MS: '3000',
      },
    });
    accounts = await serviceProcess(
      join(ROOT, 'subgraphs/accounts/src/main.ts'),
      {
        LOG_LEVEL: 'silent',
        ACCOUNTS_PORT: String(port),
        REDIS_URL: redis.url,
        ACCOUNTS_KEY_PREFIX: stack.keyPrefix,
        INTERNAL_AUTH_SECRET: stack.secrets.accounts,
      },
      port,
    );
    token = { token: await stack.mintToken({ subject: 'ops', groups: ['accounts-admin'] }) };
  });
  afterAll(async () => {
    await accounts?.stop();
    await stack?.stop().catch(() => undefined);
    await Promise.all([redis?.stop(), mongo?.stop()]);
  });

  it('is ready and serves both subgraphs when everything answers', async () => {
    expect(await ready()).toBe(200);
    expect(codes(await stack.request({ query: MIXED }))).toEqual([]);
  });

  it('Redis hung, then killed: 503 at /ready, SERVICE_UNAVAILABLE for keypair and token callers, recovery', async () => {
    for (const fault of ['hang', 'kill'] as const) {
      if (fault === 'hang') redis.hang();
      else await redis.kill();
      try {
        await until(async () => (await ready()) === 503);
        const keypair = await stack.request({ query: ACCOUNTS });
        expect([keypair.status, codes(keypair)]).toEqual([503, ['SERVICE_UNAVAILABLE']]);
        const viaToken = await stack.request({ query: ACCOUNTS }, token);
        expect(codes(viaToken)).toEqual(['SERVICE_UNAVAILABLE']);
        expect(JSON.stringify(viaToken.body)).not.toMatch(/redis|timed out|127\.0\.0\.1/i);
      } finally {
        if (fault === 'hang') redis.resume();
        else await redis.restart();
      }
      await until(async () => (await ready()) === 200);
      const back = await eventually(async () => {
        const res = await stack.request({ query: ACCOUNTS });
        return res.body.errors ? undefined : res;
      });
      expect(back.status).toBe(200);
    }
  });

  it('MongoDB killed: admin fields SERVICE_UNAVAILABLE, keypair callers still reach accounts (stale keypair), recovery', async () => {
    await mongo.kill();
    try {
      await until(async () => (await ready()) === 503);
      const res = await stack.request({ query: MIXED });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ domains: null, accountByUserName: null });
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      // The keypair was verified before the outage: its caller still reaches the accounts subgraph.
      const viaKeypair = await stack.request({ query: ACCOUNTS });
      expect(viaKeypair.body).toEqual({ data: { accounts: { totalCount: expect.any(Number) } } });
    } finally {
      await mongo.restart();
    }
    // The restarted server is empty: put the bootstrap superadmin back, as `fedmgmt bootstrap` would.
    const store = await connectMongo({
      mongoUrl: mongo.url,
      mongoDb: stack.mongoDb,
      mongo: {
        serverSelectionTimeoutMS: 3000,
        connectTimeoutMS: 2000,
        socketTimeoutMS: 10_000,
        maxTimeMS: 5000,
        maxPoolSize: 2,
      },
    });
    const repos = createRepositories(store, {
      secretEncryptionKey: Buffer.from(stack.secrets.admin).subarray(0, 32),
    });
    await ensureIndexes(repos);
    await ensureBootstrapSuperadmin(repos, BOOTSTRAP_SUPERADMIN);
    await store.close();
    await until(async () => (await ready()) === 200);
    const back = await eventually(async () => {
      const r = await stack.request({ query: MIXED });
      return r.body.errors ? undefined : r;
    });
    expect((back.body.data as { domains: unknown[] }).domains.length).toBeGreaterThan(0);
  });

  it('accounts subgraph hung: SUBGRAPH_UNAVAILABLE for its fields, OUTCOME_UNKNOWN for a mutation, recovery on SIGCONT', async () => {
    accounts.hang();
    try {
      const res = await stack.request({ query: MIXED });
      expect(res.body.data).toEqual({ domains: expect.any(Array), accountByUserName: null });
      expect(codes(res)).toEqual(['SUBGRAPH_UNAVAILABLE']);
      const write = await stack.request(CREATE('while-hung'));
      expect(codes(write)).toEqual(['OUTCOME_UNKNOWN']);
      expect(write.body.errors?.[0]?.message).not.toMatch(/missing/);
      await until(async () => (await ready()) === 503);
    } finally {
      accounts.resume();
    }
    await until(async () => (await ready()) === 200);
    expect(codes(await stack.request({ query: MIXED }))).toEqual([]);
  });

  it('accounts subgraph killed: SUBGRAPH_UNAVAILABLE for reads and for a mutation never sent, recovery after restart', async () => {
    await accounts.kill();
    try {
      const res = await stack.request({ query: MIXED });
      expect(res.body.data).toEqual({ domains: expect.any(Array), accountByUserName: null });
      expect(codes(res)).toEqual(['SUBGRAPH_UNAVAILABLE']);
      const write = await stack.request(CREATE('while-dead'));
      expect(codes(write)).toEqual(['SUBGRAPH_UNAVAILABLE']);
      expect(write.body.errors?.[0]?.message).toMatch(/not applied/);
      await until(async () => (await ready()) === 503);
    } finally {
      await accounts.restart();
    }
    await until(async () => (await ready()) === 200);
    expect(codes(await stack.request(CREATE('after-restart')))).toEqual([]);
    const found = await stack.request({
      query: '{ accountByUserName(userName: "while-dead") { id } }',
    });
    expect(found.body).toEqual({ data: { accountByUserName: null } });
  });
});
