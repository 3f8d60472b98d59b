import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { mintContext, secretKey } from '@fedmgmt/service-kit';
import { startStack, type Stack } from '@fedmgmt/testkit';
import { loadConfig } from '../../src/config';
import { createServices } from '../../src/context';
import {
  REGISTRATION_BINDING,
  REGISTRATION_PATH,
  registrationRoute,
} from '../../src/dcr/registrationRoute';
import { privateStore } from './store';

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const GOOD = {
  redirect_uris: ['https://app.example.com/cb', 'http://127.0.0.1:8400/cb'],
  client_name: 'CLI',
  scope: 'openid profile',
};

describe('POST /oauth/register (RFC 7591)', () => {
  let stack: Stack;
  let url: string;
  const asAdmin = (subject = 'alice', groups = ['accounts-admin']) =>
    mintContext(
      { kind: 'token', requestId: 'r', scopes: [], groups, subject },
      { audience: 'accounts', key: secretKey(stack.secrets.accounts), body: REGISTRATION_BINDING },
    );

  beforeAll(async () => {
    stack = await startStack();
    url = new URL(REGISTRATION_PATH, stack.accountsUrl).toString();
  });
  afterAll(() => stack.stop());

  it('registers a client for a gateway-minted admin context and stores only the secret hash', async () => {
    const res = await post(
      url,
      { ...GOOD, authenticated_user: 'alice', template_client: 'tpl-1' },
      { 'x-internal-auth': await asAdmin() },
    );
    expect(res).toEqual({
      status: 201,
      body: {
        client_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        client_secret: expect.any(String),
        client_secret_expires_at: 0,
        client_id_issued_at: expect.any(Number),
        client_name: 'CLI',
        scope: 'openid profile',
        redirect_uris: GOOD.redirect_uris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        subject_type: 'public',
        authenticated_user: 'alice',
        template_client: 'tpl-1',
      },
    });
    const { client_id, client_secret } = res.body as { client_id: string; client_secret: string };
    const stored = await stack.redis.hgetall(`dcr:c:${Buffer.from(client_id).toString('hex')}`);
    expect(stored.sh).toBe(createHash('sha256').update(client_secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(client_secret);
    const gql = await stack.request({
      query: `{ dynamicallyRegisteredClientById(clientId: "${client_id}") { client_id client_name status authenticated_user template_client token_endpoint_auth_methods } }`,
    });
    expect(gql.body).toEqual({
      data: {
        dynamicallyRegisteredClientById: {
          client_id,
          client_name: 'CLI',
          status: 'active',
          authenticated_user: 'alice',
          template_client: 'tpl-1',
          token_endpoint_auth_methods: ['client_secret_basic'],
        },
      },
    });
  });

  it('refuses callers without a valid context or initial access token', async () => {
    const unauthorized = {
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'a valid initial access token is required',
      },
    };
    expect(await post(url, GOOD)).toEqual(unauthorized);
    expect(await post(url, GOOD, { authorization: 'Bearer guess' })).toEqual(unauthorized);
    expect(await post(url, GOOD, { 'x-internal-auth': await asAdmin('bob', ['readers']) })).toEqual(
      unauthorized,
    );
    const wrongBinding = await mintContext(
      { kind: 'token', requestId: 'r', scopes: [], groups: ['accounts-admin'] },
      {
        audience: 'accounts',
        key: secretKey(stack.secrets.accounts),
        body: { query: '{ accounts { totalCount } }' },
      },
    );
    expect(await post(url, GOOD, { 'x-internal-auth': wrongBinding })).toEqual(unauthorized);
  });

  it.each([
    [
      { redirect_uris: ['http://app.example.com/cb'] },
      'invalid_redirect_uri',
      'redirect_uris must use https (or http on a loopback host)',
    ],
    [
      { redirect_uris: ['https://app.example.com/cb#frag'] },
      'invalid_redirect_uri',
      'redirect_uris must not contain a fragment or credentials',
    ],
    [
      { redirect_uris: ['not a uri'] },
      'invalid_redirect_uri',
      'redirect_uris must hold absolute URIs',
    ],
    [{}, 'invalid_redirect_uri', 'redirect_uris is required for the authorization_code grant'],
    [
      { ...GOOD, grant_types: ['password'] },
      'invalid_client_metadata',
      'grant_types value "password" is not supported; use authorization_code, refresh_token, client_credentials, urn:ietf:params:oauth:grant-type:device_code',
    ],
    [
      { ...GOOD, client_name: 'x'.repeat(300) },
      'invalid_client_metadata',
      'client_name must be a string of 1 to 256 characters',
    ],
    [
      { ...GOOD, redirect_uris: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`) },
      'invalid_client_metadata',
      'redirect_uris must be an array of at most 10 non-empty strings',
    ],
    [
      { ...GOOD, logo_uri: 'http://127.0.0.1/logo.png' },
      'invalid_client_metadata',
      'logo_uri must use https (or http on a loopback host)',
    ],
  ])('rejects bad metadata case %#', async (body, error, description) => {
    expect(await post(url, body, { 'x-internal-auth': await asAdmin() })).toEqual({
      status: 400,
      body: { error, error_description: description },
    });
  });

  it('lists, filters and changes the status of clients over GraphQL, and shows them on the account', async () => {
    const ids: string[] = [];
    for (const [user, tpl] of [
      ['erin', 'tpl-a'],
      ['erin', 'tpl-b'],
      ['frank', 'tpl-a'],
    ] as const) {
      const res = await post(
        url,
        { ...GOOD, authenticated_user: user, template_client: tpl },
        { 'x-internal-auth': await asAdmin() },
      );
      ids.push(res.body.client_id as string);
    }
    const list = (args: string) =>
      stack.request({
        query: `{ dynamicallyRegisteredClients(${args}) { totalCount edges { node { client_id } } pageInfo { hasNextPage } } }`,
      });
    const ids_ = (r: Awaited<ReturnType<typeof list>>) =>
      (
        r.body.data as {
          dynamicallyRegisteredClients: { edges: { node: { client_id: string } }[] };
        }
      ).dynamicallyRegisteredClients.edges.map((e) => e.node.client_id);
    expect(
      ids_(await list('userName: "ERIN", sorting: {sortBy: created, sortOrder: ASCENDING}')),
    ).toEqual([ids[0], ids[1]]);
    expect(ids_(await list('templateClient: "tpl-a"'))).toEqual([ids[0], ids[2]]);
    expect(ids_(await list('templateClient: "tpl-a", userName: "erin"'))).toEqual([ids[0]]);
    const set = await stack.request({
      query: `mutation { setDynamicallyRegisteredClientStatusById(input: {clientId: "${ids[0]}", status: revoked}) { client { status } } }`,
    });
    expect(set.body).toEqual({
      data: { setDynamicallyRegisteredClientStatusById: { client: { status: 'revoked' } } },
    });
    expect(ids_(await list('userName: "erin"'))).toEqual([ids[1]]);
    expect(
      ids_(
        await list(
          'userName: "erin", activeClientsOnly: false, sorting: {sortBy: created, sortOrder: DESCENDING}',
        ),
      ),
    ).toEqual([ids[1], ids[0]]);
    await stack.request({
      query: 'mutation { createAccount(input: {fields: {userName: "erin"}}) { account { id } } }',
    });
    const acct = await stack.request({
      query: '{ accountByUserName(userName: "erin") { dynamicClients { client_id status } } }',
    });
    expect(acct.body).toEqual({
      data: {
        accountByUserName: {
          dynamicClients: [
            { client_id: ids[1], status: 'active' },
            { client_id: ids[0], status: 'revoked' },
          ],
        },
      },
    });
  });
});

describe('POST /oauth/register with a configured initial access token', () => {
  it('accepts the token and ignores authenticated_user from the body', async () => {
    const store = await privateStore();
    const config = loadConfig({
      INTERNAL_AUTH_SECRET: 'x'.repeat(32),
      DCR_INITIAL_ACCESS_TOKEN: 'i'.repeat(40),
    });
    const app = express();
    app.use(express.json());
    registrationRoute(app, {
      config,
      repos: store.repos,
      services: createServices(config),
      logger: pino({ level: 'silent' }),
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const { port } = server.address() as { port: number };
      const res = await post(
        `http://127.0.0.1:${port}${REGISTRATION_PATH}`,
        { ...GOOD, authenticated_user: 'mallory', token_endpoint_auth_method: 'none' },
        { authorization: `Bearer ${'i'.repeat(40)}` },
      );
      expect(res.status).toBe(201);
      expect(res.body.authenticated_user).toBeUndefined();
      expect(res.body.client_secret).toBeUndefined();
      expect(res.body.token_endpoint_auth_method).toBe('none');
    } finally {
      server.close();
      await store.drop();
    }
  });
});
