import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import { type RunningService, type AuthContext } from '@fedmgmt/service-kit';
import { newSecret, postToSubgraph, silentLogger } from '@fedmgmt/testkit';
import { type Document, MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config';
import { DEV_SUPERADMIN, ensureBootstrapSuperadmin } from '../../src/data/bootstrap';
import { connectMongo } from '../../src/data/mongo';
import { adminCollectionNames } from '../../src/data/repositories';
import { createRepositories, ensureIndexes, start } from '../../src/server';

/** `npm start`'s default store keeps admin data: write, stop store and service, start both again, read back. */
describe('admin data on the embedded default survives a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedmgmt-restart-'));
  const db = 'fedmgmt_admin';
  const secret = newSecret();
  const key = Buffer.alloc(32, 9).toString('base64');
  let mongo: Embedded | undefined;
  let admin: RunningService | undefined;
  let ctx: Omit<AuthContext, 'requestId'>;

  const boot = async () => {
    mongo = await startEmbeddedMongo({
      dataDir: join(dir, 'mongo'),
      collections: { [db]: adminCollectionNames() },
    });
    const env = {
      LOG_LEVEL: 'silent',
      ADMIN_PORT: '0',
      MONGO_URL: mongo.url,
      MONGO_DB: db,
      INTERNAL_AUTH_SECRET: secret,
      ADMIN_SECRET_ENCRYPTION_KEY: key,
    };
    const config = loadConfig(env);
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
  };
  const shutdown = async () => {
    await admin?.stop();
    await mongo?.stop(); // SIGTERM by PID, after the final snapshot
    admin = undefined;
    mongo = undefined;
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await postToSubgraph(
      (admin as RunningService).url,
      'admin',
      secret,
      { query, variables },
      ctx,
    );
    return res.body as { data?: Record<string, Record<string, unknown>> };
  };
  const everything = async (): Promise<Record<string, Document[]>> => {
    const c = new MongoClient((mongo as Embedded).url, { serverSelectionTimeoutMS: 3000 });
    await c.connect();
    try {
      const out: Record<string, Document[]> = {};
      for (const name of adminCollectionNames())
        out[name] = await c.db(db).collection(name).find({}).sort({ _id: 1 }).toArray();
      return out;
    } finally {
      await c.close();
    }
  };

  afterAll(async () => {
    await shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('users, keypairs, groups, memberships and policies written before the restart are all there after it', async () => {
    await boot();
    const g = await gql(
      'mutation { create_group(name: "kept", props: { domain_name: "default" }) { ok group { id } } }',
    );
    const gid = (g.data?.create_group?.group as { id: string }).id;
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(
          'mutation($e: String!, $p: UserInput!) { create_user(email: $e, props: $p) { ok msg } }',
          {
            e: `kept-${i}@example.com`,
            p: {
              username: `kept-${i}`,
              password: 'correct horse battery',
              need_password_change: false,
              group_ids: [gid],
            },
          },
        ),
      ),
    );
    expect(created.every((r) => r.data?.create_user?.ok === true)).toBe(true);
    const policy = await gql(
      'mutation { create_keypair_resource_policy(name: "kept", props: { default_for_unspecified: "LIMITED", max_concurrent_sessions: 2, max_containers_per_session: 1, idle_timeout: 60 }) { ok } }',
    );
    expect(policy.data?.create_keypair_resource_policy?.ok).toBe(true);
    const before = await everything();
    expect(before.users).toHaveLength(21);
    expect(before.keypairs).toHaveLength(21);
    expect(before.group_members).toHaveLength(20);

    await shutdown();
    await boot();

    // The whole store, document for document (dates, sealed secrets and all), plus what the API answers.
    expect(await everything()).toEqual(before);
    const list = await gql(
      '{ user_list(limit: 100, offset: 0, filter: "email ilike \\"kept-%\\"") { total_count } }',
    );
    expect(list.data?.user_list?.total_count).toBe(20);
    // Unique indexes came back too: a duplicate is still refused.
    const dup = await gql(
      'mutation($p: UserInput!) { create_user(email: "kept-0@example.com", props: $p) { ok msg } }',
      {
        p: {
          username: 'kept-again',
          password: 'correct horse battery',
          need_password_change: false,
        },
      },
    );
    expect(dup.data?.create_user).toEqual({
      ok: false,
      msg: 'integrity error: duplicate value for unique field "email"',
    });
  });
});
