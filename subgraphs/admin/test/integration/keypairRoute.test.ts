import { randomBytes } from 'node:crypto';
import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import {
  type AuthContext,
  keypairLookupBinding,
  mintContext,
  type RunningService,
  secretKey,
} from '@fedmgmt/service-kit';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { ensureBootstrapSuperadmin } from '../../src/data/bootstrap';
import { connectMongo, type MongoStore } from '../../src/data/mongo';
import { createRepositories, ensureIndexes, start } from '../../src/server';

const AK = 'AKIAIOSFODNN7EXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const secret = randomBytes(32).toString('base64url');
const encKey = randomBytes(32).toString('base64');
const service: AuthContext = { kind: 'service', requestId: 'r', scopes: [], groups: [] };

describe('GET /internal/keypairs/:accessKey', () => {
  let mongo: Embedded;
  let admin: RunningService;
  let store: MongoStore;
  let base: string;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    const config = loadConfig({
      MONGO_URL: mongo.url,
      MONGO_DB: 'kp_route',
      INTERNAL_AUTH_SECRET: secret,
      ADMIN_SECRET_ENCRYPTION_KEY: encKey,
      ADMIN_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    admin = await start(config, pino({ level: 'silent' }));
    base = new URL(admin.url).origin;
    store = await connectMongo(config);
    const repos = createRepositories(store, { secretEncryptionKey: config.secretEncryptionKey });
    await ensureIndexes(repos);
    const first = await ensureBootstrapSuperadmin(repos, {
      email: 'admin@lablup.com',
      accessKey: AK,
      secretKey: SK,
    });
    const again = await ensureBootstrapSuperadmin(repos, {
      email: 'admin@lablup.com',
      accessKey: AK,
      secretKey: SK,
    });
    expect(first.created).toContain(`keypair ${AK}`);
    expect(again).toEqual({ created: [], userUuid: first.userUuid });
  });
  afterAll(async () => {
    await store?.close();
    await admin?.stop();
    await mongo?.stop();
  });

  const lookup = async (ak: string, ctx: AuthContext = service, boundTo = ak) => {
    const token = await mintContext(ctx, {
      audience: 'admin',
      key: secretKey(secret),
      body: keypairLookupBinding(boundTo),
    });
    const res = await fetch(`${base}/internal/keypairs/${encodeURIComponent(ak)}`, {
      headers: { 'x-internal-auth': token },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('returns the decrypted keypair with its owner when a service context asks', async () => {
    const res = await lookup(AK);
    expect(res).toEqual({
      status: 200,
      body: {
        access_key: AK,
        secret_key: SK,
        is_active: true,
        is_admin: true,
        rate_limit: 30000,
        allowed_client_ip: null,
        user: {
          uuid: expect.any(String),
          email: 'admin@lablup.com',
          role: 'superadmin',
          domain: 'default',
        },
      },
    });
  });

  it('stores the secret key encrypted, never in plain text', async () => {
    const doc = await store.db.collection('keypairs').findOne({ _id: AK as never });
    expect(JSON.stringify(doc)).not.toContain(SK);
    expect(doc?.secret_key_sealed).toMatch(/^v1\./);
  });

  it('answers 404 when the access key is unknown', async () => {
    expect(await lookup('AKIANOSUCHKEY0000000')).toEqual({
      status: 404,
      body: { error: 'not found' },
    });
  });

  it('answers 401 without a context, for a non-service principal, or for a context bound to another key', async () => {
    const bare = await fetch(`${base}/internal/keypairs/${AK}`);
    expect(bare.status).toBe(401);
    const user = await lookup(AK, { ...service, kind: 'keypair' });
    const other = await lookup(AK, service, 'AKIAOTHER');
    for (const r of [user, other])
      expect(r).toEqual({
        status: 401,
        body: { error: 'unauthorized', message: 'requests must come through the gateway' },
      });
  });
});
