import { AccountsRepository } from '@fedmgmt/accounts';
import { mintContext, secretKey } from '@fedmgmt/service-kit';
import { postGraphQL, type Stack, startStack } from '@fedmgmt/testkit';

const CROSS = `query Cross($email: String) {
  user(email: $email) { email full_name role account { userName active emails { value primary } } }
}`;

describe('gateway over HTTP with both subgraphs', () => {
  let stack: Stack;

  beforeAll(async () => {
    // startStack seeds the bootstrap superadmin admin@lablup.com ("Admin Lablup"), who signs stack.request.
    stack = await startStack();
    const repo = new AccountsRepository(stack.redis, '');
    await repo.create({
      userName: 'admin',
      active: true,
      emails: [{ value: 'Admin@Lablup.com', primary: true }],
    });
    await repo.create({
      id: 'acc-alice',
      userName: 'alice',
      active: true,
      emails: [{ value: 'alice@example.com', primary: true }],
    });
  });
  afterAll(() => stack?.stop());

  it('joins a MongoDB user with its Redis account when the query spans both subgraphs', async () => {
    const res = await stack.request({ query: CROSS, variables: { email: 'admin@lablup.com' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        user: {
          email: 'admin@lablup.com',
          full_name: 'Admin Lablup',
          role: 'superadmin',
          account: {
            userName: 'admin',
            active: true,
            emails: [{ value: 'Admin@Lablup.com', primary: true }],
          },
        },
      },
    });
  });

  it('serves a bearer token its own account and no Backend.AI admin data', async () => {
    const token = await stack.mintToken({
      subject: 'alice',
      accountId: 'acc-alice',
      email: 'alice@example.com',
    });
    const own = await stack.request(
      { query: '{ accountById(accountId: "acc-alice") { userName } }' },
      { token },
    );
    expect({ status: own.status, body: own.body }).toEqual({
      status: 200,
      body: { data: { accountById: { userName: 'alice' } } },
    });
    const admin = await stack.request(
      { query: '{ user(email: "admin@lablup.com") { email } }' },
      { token },
    );
    expect({ status: admin.status, body: admin.body }).toEqual({
      status: 200,
      body: {
        data: { user: null },
        errors: [
          {
            message: 'Authentication required: this API needs a Backend.AI user',
            path: ['user'],
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      },
    });
  });

  it('answers /health and /ready when both subgraphs are up', async () => {
    const origin = new URL(stack.gatewayUrl).origin;
    const health = await fetch(`${origin}/health`);
    const ready = await fetch(`${origin}/ready`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', detail: 'ready' }]);
  });

  it('refuses a direct subgraph call without a gateway context', async () => {
    const query =
      '{ _entities(representations: [{__typename: "User", email: "admin@lablup.com"}]) { ... on User { account { id } } } }';
    const res = await postGraphQL(stack.accountsUrl, { query }, { 'x-user-id': 'admin' });
    expect(res).toMatchObject({
      status: 401,
      body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(res.body.data).toBeUndefined();
  });

  it('refuses a context signed with another key, for another subgraph, or replayed', async () => {
    const query = '{ user { email } }';
    const ctx = {
      kind: 'keypair' as const,
      requestId: 'r1',
      scopes: [],
      groups: [],
      user: {
        uuid: 'u',
        email: 'admin@lablup.com',
        role: 'superadmin' as const,
        domain: 'default',
      },
    };
    const forged = await mintContext(ctx, {
      audience: 'admin',
      key: secretKey('x'.repeat(32)),
      body: { query },
    });
    const wrongAud = await mintContext(ctx, {
      audience: 'accounts',
      key: secretKey(stack.secrets.admin),
      body: { query },
    });
    const good = await mintContext(ctx, {
      audience: 'admin',
      key: secretKey(stack.secrets.admin),
      body: { query },
    });
    const otherQuery = await mintContext(ctx, {
      audience: 'admin',
      key: secretKey(stack.secrets.admin),
      body: { query: '{ __typename }' },
    });
    const send = (token: string) =>
      postGraphQL(stack.adminUrl, { query }, { 'x-internal-auth': token });
    expect((await send(forged)).status).toBe(401);
    expect((await send(wrongAud)).status).toBe(401);
    expect((await send(otherQuery)).status).toBe(401);
    const first = await send(good);
    expect(first).toMatchObject({
      status: 200,
      body: { data: { user: { email: 'admin@lablup.com' } } },
    });
    expect((await send(good)).status).toBe(401);
  });

  it('answers malformed JSON with a JSON error and no stack trace', async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
  });
});
