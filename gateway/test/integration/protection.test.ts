import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '@fedmgmt/service-kit';
import {
  authHeaders,
  BOOTSTRAP_SUPERADMIN,
  silentLogger,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';
import type { KeypairRecord } from '../../src/auth/keypairs';
import { signRequest } from '../../src/auth/signer';
import { startProxy } from '../../src/cli/proxy';
import { openLocalIssuer } from '../../src/auth/localIssuer';
import { loadConfig } from '../../src/config';
import { buildGateway, type BuiltGateway } from '../../src/server';
import { type ProbeSubgraphs, startProbeSubgraphs } from './probeSubgraphs';

const KP: KeypairRecord = {
  access_key: BOOTSTRAP_SUPERADMIN.accessKey,
  secret_key: BOOTSTRAP_SUPERADMIN.secretKey,
  is_active: true,
  is_admin: true,
  rate_limit: 0,
  allowed_client_ip: null,
  user: {
    uuid: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    email: 'admin@lablup.com',
    role: 'superadmin',
    domain: 'default',
  },
};

const KEYS = {
  accessKey: BOOTSTRAP_SUPERADMIN.accessKey,
  secretKey: BOOTSTRAP_SUPERADMIN.secretKey,
};

interface Reply {
  status: number;
  type: string | null;
  body: unknown;
}

describe('gateway protection and Backend.AI endpoints', () => {
  let stack: Stack;
  let probes: ProbeSubgraphs;
  let gw: BuiltGateway;
  let origin: string;
  let dataDir: string;

  beforeAll(async () => {
    stack = await startStack();
    probes = await startProbeSubgraphs(stack.secrets);
    dataDir = mkdtempSync(join(tmpdir(), 'gw-prot-'));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SUPERGRAPH_PATH: probes.supergraphPath,
      SUPERGRAPH_WATCH: 'false',
      SUBGRAPH_URL_ADMIN: probes.urls.admin,
      SUBGRAPH_URL_ACCOUNTS: probes.urls.accounts,
      INTERNAL_AUTH_SECRET_ADMIN: stack.secrets.admin,
      INTERNAL_AUTH_SECRET_ACCOUNTS: stack.secrets.accounts,
      REDIS_URL: stack.redisUrl,
      GATEWAY_REDIS_PREFIX: `${stack.keyPrefix}gwprot:`,
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_MAX_BODY_BYTES: '20000',
      GATEWAY_MAX_TOKENS: '1000',
    });
    gw = await buildGateway(config, {
      logger: silentLogger,
      keypairs: { get: async (ak) => (ak === KP.access_key ? KP : undefined) },
    });
    origin = new URL((await listen(gw.httpServer, 0, '127.0.0.1')).url).origin;
  });
  afterAll(async () => {
    await gw?.stop();
    await probes?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await stack?.stop();
  });

  /** A signed POST of raw text (so malformed and batched bodies can be sent signed too). */
  async function post(
    path: string,
    text: string,
    extra: Record<string, string> = {},
  ): Promise<Reply> {
    const url = `${origin}${path}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...(await authHeaders('superadmin', url, text)), ...extra },
      body: text,
    });
    const raw = await res.text();
    expect(raw).not.toMatch(/\n\s+at |ECONNREFUSED|127\.0\.0\.1|<html/i);
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: JSON.parse(raw) as unknown,
    };
  }
  const gql = (query: string, path = '/graphql') => post(path, JSON.stringify({ query }));
  const validation = (message: string) => ({
    status: 400,
    type: 'application/json; charset=utf-8',
    body: { errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
  });
  const strip = (r: Reply) => ({
    ...r,
    body: JSON.parse(
      JSON.stringify(r.body, (k, v: unknown) => (k === 'locations' ? undefined : v)),
    ) as unknown,
  });

  it('refuses an operation deeper than the limit with 400', async () => {
    const deep = `{ node { ${'child { '.repeat(12)}name${' }'.repeat(12)} } }`;
    expect(strip(await gql(deep))).toEqual(
      validation('Syntax Error: Query depth limit of 12 exceeded, found 14.'),
    );
  });

  it('refuses too many aliases with 400', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: adminSees { kind }`).join(' ');
    expect(strip(await gql(`{ ${aliases} }`))).toEqual(
      validation('Syntax Error: Aliases limit of 15 exceeded, found 16.'),
    );
  });

  it('refuses too many root fields with 400', async () => {
    const fields = Array.from({ length: 21 }, () => 'adminSees { kind }').join(' ');
    expect(strip(await gql(`{ ${fields} }`))).toEqual(
      validation('Root fields limit of 20 exceeded, found 21.'),
    );
  });

  it('refuses too many directives with 400', async () => {
    expect(strip(await gql(`{ adminSees { ${'kind @include(if: true) '.repeat(51)} } }`))).toEqual(
      validation('Syntax Error: Directives limit of 50 exceeded, found 51.'),
    );
  });

  it('hides field suggestions', async () => {
    expect(strip(await gql('{ adminSee { kind } }'))).toEqual(
      validation('Cannot query field "adminSee" on type "Query".'),
    );
  });

  it('refuses too many tokens with 400 at parse time', async () => {
    const many = `{ adminSees { ${'kind '.repeat(1000)} } }`;
    expect(strip(await gql(many))).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: {
        errors: [
          {
            message: 'Syntax Error: Document contains more that 1000 tokens. Parsing aborted.',
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
      },
    });
  });

  it('refuses an oversized body, a batch, malformed JSON and a CSRF-able request with JSON errors', async () => {
    const big = await post(
      '/graphql',
      JSON.stringify({ query: `{ adminSees { kind } } # ${'x'.repeat(25_000)}` }),
    );
    expect(big).toEqual({
      status: 413,
      type: 'application/json; charset=utf-8',
      body: {
        errors: [{ message: 'request body too large', extensions: { code: 'BAD_REQUEST' } }],
      },
    });
    const batch = await post(
      '/graphql',
      JSON.stringify([{ query: '{ adminSees { kind } }' }, { query: '{ adminSees { kind } }' }]),
    );
    expect(batch).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: {
        errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }],
      },
    });
    const malformed = await post('/graphql', '{"query": ');
    expect(malformed).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: {
        errors: [
          { message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
        ],
      },
    });
    // Signed as text/plain, the kind of request a browser sends cross-site without a preflight.
    const text = JSON.stringify({ query: '{ adminSees { kind } }' });
    const signed = signRequest({
      ...KEYS,
      method: 'POST',
      url: `${origin}/graphql`,
      contentType: 'text/plain',
      body: text,
      hashBody: false,
    });
    const csrf = await fetch(`${origin}/graphql`, { method: 'POST', headers: signed, body: text });
    const csrfBody = await csrf.text();
    expect([csrf.status, csrfBody]).toEqual([
      400,
      expect.stringContaining(
        'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF).',
      ),
    ]);
  });

  it('answers POST /admin/gql with HTTP 200 and {data, errors}, as the manager does', async () => {
    expect(await gql('{ adminSees { kind role } }', '/admin/gql')).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: { data: { adminSees: { kind: 'keypair', role: 'superadmin' } } },
    });
    expect(strip(await gql('{ nope }', '/admin/gql'))).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: {
        data: null,
        errors: [
          {
            message: 'Cannot query field "nope" on type "Query".',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
  });

  it('answers the legacy POST /admin/graphql with data alone, or a 400 graphql-error problem', async () => {
    const ok = await post(
      '/admin/graphql',
      JSON.stringify({ query: 'query Who { adminSees { kind } }', operation_name: 'Who' }),
    );
    expect(ok).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: { adminSees: { kind: 'keypair' } },
    });
    expect(strip(await gql('{ nope }', '/admin/graphql'))).toEqual({
      status: 400,
      type: 'application/problem+json; charset=utf-8',
      body: {
        type: 'https://api.backend.ai/probs/graphql-error',
        title: 'GraphQL-generated error.',
        data: [
          {
            message: 'Cannot query field "nope" on type "Query".',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
  });

  it("refuses unsigned and wrongly signed Backend.AI requests with the manager's problem+json", async () => {
    const unsigned = await fetch(`${origin}/admin/gql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ adminSees { kind } }"}',
    });
    expect([unsigned.status, unsigned.headers.get('content-type'), await unsigned.json()]).toEqual([
      401,
      'application/problem+json; charset=utf-8',
      {
        type: 'https://api.backend.ai/probs/auth-failed',
        title: 'Credential/signature mismatch.',
        msg: 'Unauthorized access',
      },
    ]);
    const stale = await post('/admin/gql', '{"query":"{ adminSees { kind } }"}', {
      date: '2020-01-01T00:00:00+00:00',
    });
    expect(stale).toEqual({
      status: 400,
      type: 'application/problem+json; charset=utf-8',
      body: {
        type: 'https://api.backend.ai/probs/invalid-auth-params',
        title: 'Missing or invalid authorization parameters.',
        msg: 'Date/time sync error',
      },
    });
  });

  it('serves a local unauthenticated proxy that signs and forwards, on loopback only', async () => {
    await expect(
      startProxy('0.0.0.0', 0, { endpoint: origin, keypair: KEYS, apiVersion: 'v8.20240315' }),
    ).rejects.toThrow('binds to loopback only');
    const proxy = await startProxy('127.0.0.1', 0, {
      endpoint: origin,
      keypair: KEYS,
      apiVersion: 'v8.20240315',
    });
    try {
      const res = await fetch(
        `http://127.0.0.1:${(proxy.address() as { port: number }).port}/v8/admin/gql`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ adminSees { kind email } }' }),
        },
      );
      expect([
        res.status,
        res.headers.get('access-control-allow-origin'),
        await res.json(),
      ]).toEqual([
        200,
        '*',
        { data: { adminSees: { kind: 'keypair', email: 'admin@lablup.com' } } },
      ]);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});

describe('gateway with Redis down', () => {
  it('refuses keypair requests with 503 at once (fail closed) and still serves bearer tokens', async () => {
    const probes = await startProbeSubgraphs({ admin: 'a'.repeat(43), accounts: 'b'.repeat(43) });
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-noredis-'));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SUPERGRAPH_PATH: probes.supergraphPath,
      SUPERGRAPH_WATCH: 'false',
      SUBGRAPH_URL_ADMIN: probes.urls.admin,
      SUBGRAPH_URL_ACCOUNTS: probes.urls.accounts,
      INTERNAL_AUTH_SECRET_ADMIN: 'a'.repeat(43),
      INTERNAL_AUTH_SECRET_ACCOUNTS: 'b'.repeat(43),
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_CONNECT_TIMEOUT_MS: '200',
      LOCAL_ISSUER: 'true',
      GATEWAY_DATA_DIR: dataDir,
    });
    const gw = await buildGateway(config, {
      logger: silentLogger,
      keypairs: { get: async () => KP },
    });
    try {
      const url = (await listen(gw.httpServer, 0, '127.0.0.1')).url;
      const body = JSON.stringify({ query: '{ adminSees { kind } }' });
      const started = Date.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: await authHeaders('superadmin', url, body),
        body,
      });
      expect([res.status, await res.json()]).toEqual([
        503,
        {
          errors: [
            {
              message: 'Authentication is temporarily unavailable',
              extensions: {
                code: 'SERVICE_UNAVAILABLE',
                type: 'https://api.backend.ai/probs/service-unavailable',
              },
            },
          ],
        },
      ]);
      expect(Date.now() - started).toBeLessThan(2000);
      const token = await (
        await openLocalIssuer(dataDir)
      ).mint({ audience: 'fedmgmt', subject: 'alice' });
      const viaToken = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      expect([viaToken.status, await viaToken.json()]).toEqual([
        200,
        { data: { adminSees: { kind: 'token' } } },
      ]);
    } finally {
      await gw.stop();
      await probes.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('gateway rate limit for bearer tokens', () => {
  it('counts each token subject in its own rolling window and answers 429 past TOKEN_RATE_LIMIT', async () => {
    const stack = await startStack();
    const probes = await startProbeSubgraphs(stack.secrets);
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-tokrl-'));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SUPERGRAPH_PATH: probes.supergraphPath,
      SUPERGRAPH_WATCH: 'false',
      SUBGRAPH_URL_ADMIN: probes.urls.admin,
      SUBGRAPH_URL_ACCOUNTS: probes.urls.accounts,
      INTERNAL_AUTH_SECRET_ADMIN: stack.secrets.admin,
      INTERNAL_AUTH_SECRET_ACCOUNTS: stack.secrets.accounts,
      REDIS_URL: stack.redisUrl,
      GATEWAY_REDIS_PREFIX: `${stack.keyPrefix}gwtok:`,
      LOCAL_ISSUER: 'true',
      GATEWAY_DATA_DIR: dataDir,
      TOKEN_RATE_LIMIT: '2',
    });
    const gw = await buildGateway(config, {
      logger: silentLogger,
      keypairs: { get: async () => undefined },
    });
    try {
      const url = (await listen(gw.httpServer, 0, '127.0.0.1')).url;
      const issuer = await openLocalIssuer(dataDir);
      const send = async (subject: string) => {
        const token = await issuer.mint({ audience: 'fedmgmt', subject });
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ adminSees { kind } }' }),
        });
        return [
          res.status,
          res.headers.get('x-ratelimit-limit'),
          res.headers.get('x-ratelimit-remaining'),
          res.headers.get('x-ratelimit-window'),
        ];
      };
      expect(await send('alice')).toEqual([200, '2', '1', '900']);
      expect(await send('alice')).toEqual([200, '2', '0', '900']);
      expect(await send('alice')).toEqual([429, '2', '0', '900']);
      expect(await send('bob')).toEqual([200, '2', '1', '900']);
    } finally {
      await gw.stop();
      await probes.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await stack.stop();
    }
  });
});
