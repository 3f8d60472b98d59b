import type { AuthContext, RunningService } from '@fedmgmt/service-kit';
import {
  eventually,
  type Faulty,
  newSecret,
  postToSubgraph,
  privateMongo,
  readyStatus,
  silentLogger,
} from '@fedmgmt/testkit';
import { loadConfig } from '../../src/config';
import { start } from '../../src/server';

/**
 * The admin subgraph against its own MongoDB-compatible server, killed and started again on
 * the same port: /ready says 503 and operations answer SERVICE_UNAVAILABLE (never
 * INTERNAL_SERVER_ERROR or an ok:false payload), then both recover without a restart.
 */
const SUPERADMIN: Omit<AuthContext, 'requestId'> = {
  kind: 'keypair',
  scopes: [],
  groups: [],
  user: {
    uuid: '00000000-0000-4000-8000-000000000001',
    email: 'admin@lablup.com',
    role: 'superadmin',
    domain: 'default',
  },
};
const DOMAINS = { query: '{ domains { name } }' };
const CREATE = (name: string) => ({
  query:
    'mutation($name: String!) { create_domain(name: $name, props: { description: "fault test" }) { ok msg } }',
  variables: { name },
});

describe('admin with its MongoDB killed', () => {
  let mongo: Faulty;
  let svc: RunningService;
  const secret = newSecret();
  const call = (body: { query: string; variables?: Record<string, unknown> }) =>
    postToSubgraph(svc.url, 'admin', secret, body, SUPERADMIN);
  const codes = (res: Awaited<ReturnType<typeof call>>) =>
    (res.body.errors ?? []).map((e) => (e.extensions as { code?: string } | undefined)?.code);

  beforeAll(async () => {
    mongo = await privateMongo();
    const key = Buffer.alloc(32, 7).toString('base64');
    svc = await start(
      loadConfig({
        LOG_LEVEL: 'silent',
        ADMIN_PORT: '0',
        MONGO_URL: mongo.url,
        MONGO_DB: 'ready_test',
        INTERNAL_AUTH_SECRET: secret,
        ADMIN_SECRET_ENCRYPTION_KEY: key,
      }),
      silentLogger,
    );
  });
  afterAll(async () => {
    await svc?.stop();
    await mongo?.stop();
  });

  it('is ready and serves while MongoDB answers', async () => {
    expect(await readyStatus(svc.url)).toBe(200);
    expect((await call(CREATE('before'))).body).toEqual({
      data: { create_domain: { ok: true, msg: 'success' } },
    });
  });

  it('answers SERVICE_UNAVAILABLE for reads and writes while MongoDB is down, and recovers when it is back', async () => {
    await mongo.kill();
    await eventually(async () => ((await readyStatus(svc.url)) === 503 ? true : undefined));
    const read = await call(DOMAINS);
    expect(read.status).toBe(200);
    expect(codes(read)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(JSON.stringify(read.body)).not.toMatch(/mongo|127\.0\.0\.1|Server selection/i);
    const write = await call(CREATE('during'));
    expect(write.body.data).toEqual({ create_domain: null });
    // Which of the two documented codes depends on whether the driver still held a pooled
    // connection to the killed server (sent, then lost: OUTCOME_UNKNOWN) or not (SERVICE_UNAVAILABLE).
    expect(codes(write)).toHaveLength(1);
    expect(['SERVICE_UNAVAILABLE', 'OUTCOME_UNKNOWN']).toContain(codes(write)[0]);

    await mongo.restart();
    await eventually(async () => ((await readyStatus(svc.url)) === 200 ? true : undefined));
    const after = await eventually(async () => {
      const res = await call(CREATE('after'));
      return res.body.errors ? undefined : res;
    });
    expect(after.body).toEqual({ data: { create_domain: { ok: true, msg: 'success' } } });
    // The restarted server holds no data: only what was written after it came back is there.
    expect((await call(DOMAINS)).body).toEqual({ data: { domains: [{ name: 'after' }] } });
  });
});
