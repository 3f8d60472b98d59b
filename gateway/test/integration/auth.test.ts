import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KEYPAIR_INVALIDATION_CHANNEL,
  keypairStatsKey,
  listen,
  mintContext,
  secretKey,
} from '@fedmgmt/service-kit';
import {
  authHeaders,
  BOOTSTRAP_SUPERADMIN,
  type Caller,
  postGraphQL,
  silentLogger,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';
import Redis from 'ioredis';
import { httpKeypairSource, type KeypairRecord } from '../../src/auth/keypairs';
import { type LocalIssuer, openLocalIssuer } from '../../src/auth/localIssuer';
import { loadConfig } from '../../src/config';
import { buildGateway, type BuiltGateway } from '../../src/server';
import { type ProbeSubgraphs, startProbeSubgraphs } from './probeSubgraphs';

const WHO =
  '{ adminSees { ...P } accountsSees { ...P } } fragment P on Principal { kind subject email role accessKey scopes groups accountId }';
// Random access keys: the stats hash (keypairStatsKey) is shared with the admin subgraph, outside any test prefix.
const LIMITED = {
  accessKey: `AKTESTL${randomBytes(6).toString('hex').toUpperCase()}`,
  secretKey: 'limited-secret-key-0123456789',
};
const TOGGLED = {
  accessKey: `AKTESTT${randomBytes(6).toString('hex').toUpperCase()}`,
  secretKey: 'toggled-secret-key-0123456789',
};
const fake = (ak: string, sk: string, over: Partial<KeypairRecord> = {}): KeypairRecord => ({
  access_key: ak,
  secret_key: sk,
  is_active: true,
  is_admin: false,
  rate_limit: 2,
  allowed_client_ip: null,
  user: {
    uuid: '6f1c5a52-4c1e-4a43-9d51-0d3f3b1b7a11',
    email: 'user@lablup.com',
    role: 'user',
    domain: 'default',
  },
  ...over,
});

/** Every error body the gateway sent in this file, checked at the end for leaks. */
const errorBodies: string[] = [];

describe('gateway authentication over HTTP', () => {
  let stack: Stack;
  let probes: ProbeSubgraphs;
  let gw: BuiltGateway;
  let url: string;
  let issuer: LocalIssuer;
  let dataDir: string;
  let pub: Redis;
  const fakes = new Map<string, KeypairRecord>();

  beforeAll(async () => {
    stack = await startStack();
    probes = await startProbeSubgraphs(stack.secrets);
    dataDir = mkdtempSync(join(tmpdir(), 'gw-auth-'));
    issuer = await openLocalIssuer(dataDir);
    const real = httpKeypairSource({
      adminOrigin: new URL(stack.adminUrl).origin,
      adminSecret: stack.secrets.admin,
      timeoutMs: 2000,
    });
    fakes.set(LIMITED.accessKey, fake(LIMITED.accessKey, LIMITED.secretKey));
    fakes.set(TOGGLED.accessKey, fake(TOGGLED.accessKey, TOGGLED.secretKey, { rate_limit: 1000 }));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SUPERGRAPH_PATH: probes.supergraphPath,
      SUPERGRAPH_WATCH: 'false',
      SUBGRAPH_URL_ADMIN: probes.urls.admin,
      SUBGRAPH_URL_ACCOUNTS: probes.urls.accounts,
      INTERNAL_AUTH_SECRET_ADMIN: stack.secrets.admin,
      INTERNAL_AUTH_SECRET_ACCOUNTS: stack.secrets.accounts,
      KEYPAIR_SOURCE_URL: stack.adminUrl,
      REDIS_URL: stack.redisUrl,
      GATEWAY_REDIS_PREFIX: `${stack.keyPrefix}gwauth:`,
      LOCAL_ISSUER: 'true',
      GATEWAY_DATA_DIR: dataDir,
    });
    const keypairs = { get: async (ak: string) => (fakes.has(ak) ? fakes.get(ak) : real.get(ak)) };
    gw = await buildGateway(config, { logger: silentLogger, keypairs });
    url = (await listen(gw.httpServer, 0, '127.0.0.1')).url;
    pub = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await pub?.del(keypairStatsKey(LIMITED.accessKey), keypairStatsKey(TOGGLED.accessKey));
    pub?.disconnect();
    await gw?.stop();
    await probes?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await stack?.stop();
  });

  const send = async (
    body: { query: string; variables?: Record<string, unknown> },
    caller: Caller = 'superadmin',
    path = '/graphql',
  ) => {
    const target = new URL(path, url).toString();
    const res = await postGraphQL(target, body, await authHeaders(caller, target, body));
    if (res.status >= 400 || res.body.errors) errorBodies.push(JSON.stringify(res.body));
    return res;
  };
  const rate = (h: Headers) => [
    h.get('x-ratelimit-limit'),
    h.get('x-ratelimit-remaining'),
    h.get('x-ratelimit-window'),
  ];

  it('carries a keypair caller to both subgraphs as its Backend.AI user, superadmin mapped to the accounts admin group', async () => {
    const res = await send({ query: WHO });
    const seen = {
      kind: 'keypair',
      subject: BOOTSTRAP_SUPERADMIN.accessKey,
      email: 'admin@lablup.com',
      role: 'superadmin',
      accessKey: BOOTSTRAP_SUPERADMIN.accessKey,
      scopes: [],
      groups: ['accounts-admin'],
      accountId: null,
    };
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { data: { adminSees: seen, accountsSees: seen } },
    });
    expect(rate(res.headers)).toEqual(['30000', '29999', '900']);
  });

  it('carries a bearer token to both subgraphs with its subject, scopes, groups and account id, and no admin user', async () => {
    const token = await issuer.mint({
      audience: 'fedmgmt',
      subject: 'alice',
      scopes: ['read', 'write'],
      groups: ['devops'],
      accountId: 'acc-1',
      email: 'alice@example.com',
    });
    const res = await send({ query: WHO }, { token });
    const seen = {
      kind: 'token',
      subject: 'alice',
      email: null,
      role: null,
      accessKey: null,
      scopes: ['read', 'write'],
      groups: ['devops'],
      accountId: 'acc-1',
    };
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { data: { adminSees: seen, accountsSees: seen } },
    });
  });

  it('refuses tokens with a wrong audience, an unknown issuer or a bad signature with 401', async () => {
    const wrongAud = await issuer.mint({ audience: 'other', subject: 'alice' });
    const otherDir = mkdtempSync(join(tmpdir(), 'gw-other-'));
    const foreignKey = await (
      await openLocalIssuer(otherDir)
    ).mint({ audience: 'fedmgmt', subject: 'alice' });
    rmSync(otherDir, { recursive: true, force: true });
    const expected = {
      status: 401,
      body: {
        errors: [
          {
            message: 'Invalid or expired access token',
            extensions: {
              code: 'UNAUTHENTICATED',
              type: 'https://api.backend.ai/probs/auth-failed',
            },
          },
        ],
      },
    };
    for (const token of [wrongAud, foreignKey, 'not.a.jwt']) {
      const res = await send({ query: WHO }, { token });
      expect({ status: res.status, body: res.body }).toEqual(expected);
    }
  });

  it('refuses anonymous requests, introspection included, with 401 and the default limit headers', async () => {
    const res = await send({ query: '{ __schema { queryType { name } } }' }, 'anonymous');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 401,
      body: {
        errors: [
          {
            message: 'Unauthorized access',
            extensions: {
              code: 'UNAUTHENTICATED',
              type: 'https://api.backend.ai/probs/auth-failed',
            },
          },
        ],
      },
    });
    expect(rate(res.headers)).toEqual(['1000', '1000', '900']);
  });

  it('allows introspection to an authenticated caller', async () => {
    const token = await issuer.mint({ audience: 'fedmgmt', subject: 'reader', scopes: ['read'] });
    const res = await send({ query: '{ __schema { queryType { name } } }' }, { token });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { data: { __schema: { queryType: { name: 'Query' } } } },
    });
  });

  it('refuses a replayed signed request with 401 "Replayed request"', async () => {
    const body = { query: '{ adminSees { kind } }' };
    const headers = await authHeaders('superadmin', url, body);
    const first = await postGraphQL(url, body, headers);
    const second = await postGraphQL(url, body, headers);
    errorBodies.push(JSON.stringify(second.body));
    expect([first.status, second.status]).toEqual([200, 401]);
    expect(second.body).toEqual({
      errors: [
        {
          message: 'Replayed request',
          extensions: { code: 'UNAUTHENTICATED', type: 'https://api.backend.ai/probs/auth-failed' },
        },
      ],
    });
  });

  it('counts each keypair request in a rolling window, answers 429 past rate_limit, and records stats', async () => {
    const a = await send({ query: '{ adminSees { kind } }' }, LIMITED);
    const b = await send({ query: '{ adminSees { kind } }' }, LIMITED);
    const c = await send({ query: '{ adminSees { kind } }' }, LIMITED);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    expect([rate(a.headers), rate(b.headers), rate(c.headers)]).toEqual([
      ['2', '1', '900'],
      ['2', '0', '900'],
      ['2', '0', '900'],
    ]);
    expect(c.body).toEqual({
      errors: [
        {
          message: 'You have reached your API query rate limit.',
          extensions: {
            code: 'RATE_LIMITED',
            type: 'https://api.backend.ai/probs/rate-limit-exceeded',
          },
        },
      ],
    });
    const stats = await pub.hgetall(keypairStatsKey(LIMITED.accessKey));
    expect(stats).toEqual({ num_queries: '3', last_used: expect.stringMatching(/^\d{13}$/) });
  });

  it('refuses a keypair within a second of its deactivation being published', async () => {
    expect((await send({ query: '{ adminSees { kind } }' }, TOGGLED)).status).toBe(200);
    fakes.set(TOGGLED.accessKey, fake(TOGGLED.accessKey, TOGGLED.secretKey, { is_active: false }));
    await pub.publish(KEYPAIR_INVALIDATION_CHANNEL, TOGGLED.accessKey);
    await new Promise((r) => setTimeout(r, 200));
    const res = await send({ query: '{ adminSees { kind } }' }, TOGGLED);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 401,
      body: {
        errors: [
          {
            message: 'Signature mismatch',
            extensions: {
              code: 'UNAUTHENTICATED',
              type: 'https://api.backend.ai/probs/auth-failed',
            },
          },
        ],
      },
    });
  });

  it('refuses straight-to-subgraph calls with a forged or replayed gateway context', async () => {
    await send({ query: '{ adminSees { kind } }' });
    const captured = probes.seen.admin.at(-1)!;
    const replayed = await postGraphQL(probes.urls.admin, captured.body as never, {
      'x-internal-auth': captured.header,
    });
    const forgedToken = await mintContext(
      {
        kind: 'keypair',
        requestId: 'x',
        scopes: [],
        groups: [],
        user: { uuid: 'u', email: 'admin@lablup.com', role: 'superadmin', domain: 'default' },
      },
      {
        audience: 'admin',
        key: secretKey('f'.repeat(32)),
        body: { query: '{ adminSees { kind } }' },
      },
    );
    const forged = await postGraphQL(
      probes.urls.admin,
      { query: '{ adminSees { kind } }' },
      { 'x-internal-auth': forgedToken },
    );
    const refused = {
      errors: [
        {
          message: 'requests must come through the gateway',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    };
    expect([replayed.status, replayed.body, forged.status, forged.body]).toEqual([
      401,
      refused,
      401,
      refused,
    ]);
  });

  it('never lets an error body carry a stack trace or an internal URL', () => {
    expect(errorBodies.length).toBeGreaterThan(5);
    const internal = [
      probes.urls.admin,
      probes.urls.accounts,
      stack.adminUrl,
      stack.accountsUrl,
    ].map((u) => new URL(u).host);
    for (const body of errorBodies) {
      expect(body).not.toMatch(/\n\s+at |ECONNREFUSED|\/work\/|node_modules/);
      for (const host of internal) expect(body).not.toContain(host);
    }
  });
});
