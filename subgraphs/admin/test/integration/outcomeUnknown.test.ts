import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import { type AuthContext, type RunningService } from '@fedmgmt/service-kit';
import { newSecret, postToSubgraph, silentLogger } from '@fedmgmt/testkit';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config';
import { DEV_SUPERADMIN, ensureBootstrapSuperadmin } from '../../src/data/bootstrap';
import { connectMongo } from '../../src/data/mongo';
import { createRepositories, ensureIndexes, start } from '../../src/server';
import { type FaultProxy, startFaultProxy } from './faultProxy';

/** A mutation whose commit went unanswered is reported as "outcome unknown", never as an unexpected error. */
describe('a commit whose answer is lost', () => {
  const db = 'outcome_unknown';
  const secret = newSecret();
  let mongo: Embedded;
  let proxy: FaultProxy;
  let admin: RunningService;
  let direct: MongoClient;
  let ctx: Omit<AuthContext, 'requestId'>;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    proxy = await startFaultProxy(Number(new URL(mongo.url).port));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      ADMIN_PORT: '0',
      MONGO_DB: db,
      INTERNAL_AUTH_SECRET: secret,
      ADMIN_SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      MONGO_URL: `mongodb://127.0.0.1:${proxy.port}/?replicaSet=rs0&serverMonitoringMode=poll`,
      MONGO_SERVER_SELECTION_TIMEOUT_MS: '2000',
      MONGO_CONNECT_TIMEOUT_MS: '2000',
    });
    const store = await connectMongo(config);
    const repos = createRepositories(store, { secretEncryptionKey: config.secretEncryptionKey });
    await ensureIndexes(repos);
    const { userUuid } = await ensureBootstrapSuperadmin(repos, DEV_SUPERADMIN);
    await store.close();
    ctx = {
      kind: 'keypair',
      subject: DEV_SUPERADMIN.accessKey,
      scopes: [],
      groups: [],
      user: {
        uuid: userUuid,
        email: DEV_SUPERADMIN.email,
        role: 'superadmin',
        domain: 'default',
        accessKey: DEV_SUPERADMIN.accessKey,
      },
    };
    admin = await start(config, silentLogger);
    direct = new MongoClient(mongo.url, { serverSelectionTimeoutMS: 3000 });
    await direct.connect();
  });
  afterAll(async () => {
    await admin?.stop();
    await direct?.close();
    await proxy?.close();
    await mongo?.stop();
  });

  /** create_user of the one email every step of the test uses. */
  const createUser = (username: string) =>
    postToSubgraph(
      admin.url,
      'admin',
      secret,
      {
        query:
          'mutation($p: UserInput!) { create_user(email: "maybe@example.com", props: $p) { ok msg } }',
        variables: {
          p: { username, password: 'correct horse battery', need_password_change: false },
        },
      },
      ctx,
    );

  it('create_user answers "outcome unknown" (retryable), and the user may well exist', async () => {
    proxy.arm('commitTransaction');
    const res = await createUser('maybe');
    expect(proxy.fired).toBe(true);
    expect(res.status).toBe(200);
    const answer = (res.body.data as Record<string, { ok: boolean; msg: string }>).create_user;
    expect(answer?.ok).toBe(false);
    expect(answer?.msg).toMatch(/^outcome unknown: .*read it back before retrying$/);
    // The server had applied it: exactly why "unexpected error" or "not applied" would be wrong.
    expect(
      await direct.db(db).collection('users').countDocuments({ email: 'maybe@example.com' }),
    ).toBe(1);
    expect(
      await direct.db(db).collection('keypairs').countDocuments({ user_id: 'maybe@example.com' }),
    ).toBe(1);

    // Once the store answers again, the retry the message asks for sees the duplicate. The
    // driver needs a moment to find the server again: poll while it answers "temporarily
    // unavailable" (nothing written), bounded, instead of sleeping a fixed time.
    proxy.up();
    let retry = await createUser('maybe2');
    for (let i = 0; i < 40 && /temporarily unavailable/.test(JSON.stringify(retry.body)); i++) {
      await new Promise((r) => setTimeout(r, 250));
      retry = await createUser('maybe2');
    }
    expect((retry.body.data as Record<string, unknown>).create_user).toEqual({
      ok: false,
      msg: 'integrity error: duplicate value for unique field "email"',
    });
  });
});
