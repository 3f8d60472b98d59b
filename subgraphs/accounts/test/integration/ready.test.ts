import type { AuthContext, RunningService } from '@fedmgmt/service-kit';
import {
  eventually,
  type Faulty,
  newSecret,
  postToSubgraph,
  privateRedis,
  readyStatus,
  silentLogger,
} from '@fedmgmt/testkit';
import { loadConfig } from '../../src/config';
import { start } from '../../src/server';

/**
 * The accounts subgraph against a private redis-server that is hung (SIGSTOP) and killed:
 * /ready says 503 and operations answer documented codes, then both recover by themselves.
 */
const ADMIN: Omit<AuthContext, 'requestId'> = {
  kind: 'token',
  scopes: [],
  groups: ['accounts-admin'],
};
const COUNT = { query: '{ accounts(first: 1) { totalCount } }' };
const CREATE = (userName: string) => ({
  query:
    'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }',
  variables: {
    input: { fields: { userName, emails: [{ value: `${userName}@example.com`, primary: true }] } },
  },
});

describe('accounts with its Redis hung or killed', () => {
  let redis: Faulty;
  let svc: RunningService;
  const secret = newSecret();
  const call = (body: { query: string; variables?: Record<string, unknown> }) =>
    postToSubgraph(svc.url, 'accounts', secret, body, ADMIN);
  const codes = (res: Awaited<ReturnType<typeof call>>) =>
    (res.body.errors ?? []).map((e) => (e.extensions as { code?: string } | undefined)?.code);

  beforeAll(async () => {
    redis = await privateRedis();
    svc = await start(
      loadConfig({
        LOG_LEVEL: 'silent',
        ACCOUNTS_PORT: '0',
        REDIS_URL: redis.url,
        ACCOUNTS_KEY_PREFIX: 'ready:',
        INTERNAL_AUTH_SECRET: secret,
      }),
      silentLogger,
    );
  });
  afterAll(async () => {
    await svc?.stop();
    await redis?.stop();
  });

  it('is ready and serves while Redis answers', async () => {
    expect(await readyStatus(svc.url)).toBe(200);
    expect((await call(COUNT)).body).toEqual({ data: { accounts: { totalCount: 0 } } });
  });

  it('answers SERVICE_UNAVAILABLE for reads and OUTCOME_UNKNOWN for writes while Redis hangs, and recovers on SIGCONT', async () => {
    redis.hang();
    try {
      const read = await call(COUNT);
      expect(read.status).toBe(200);
      expect(codes(read)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(JSON.stringify(read.body)).not.toMatch(/redis|Command timed out|127\.0\.0\.1/i);
      // The write was sent and never answered: it may have been applied.
      expect(codes(await call(CREATE('hung')))).toEqual(['OUTCOME_UNKNOWN']);
      await eventually(async () => ((await readyStatus(svc.url)) === 503 ? true : undefined));
    } finally {
      redis.resume();
    }
    await eventually(async () => ((await readyStatus(svc.url)) === 200 ? true : undefined));
    expect((await call(COUNT)).body.errors).toBeUndefined();
  });

  it('answers SERVICE_UNAVAILABLE for reads and writes while Redis is down, and recovers when it is back', async () => {
    await redis.kill();
    await eventually(async () => ((await readyStatus(svc.url)) === 503 ? true : undefined));
    expect(codes(await call(COUNT))).toEqual(['SERVICE_UNAVAILABLE']);
    // Refused before anything was sent (no offline queue): not applied, safe to retry.
    expect(codes(await call(CREATE('down')))).toEqual(['SERVICE_UNAVAILABLE']);
    await redis.restart();
    await eventually(async () => ((await readyStatus(svc.url)) === 200 ? true : undefined));
    const created = await eventually(async () => {
      const res = await call(CREATE('after'));
      return res.body.errors ? undefined : res;
    });
    expect(created.body.errors).toBeUndefined();
    // A fresh (empty) redis-server: the write while down left nothing behind; the one after is there.
    expect((await call(COUNT)).body).toEqual({ data: { accounts: { totalCount: 1 } } });
  });
});
