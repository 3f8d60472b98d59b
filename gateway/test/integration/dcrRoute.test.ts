import { DCR_REGISTRATION_PATH } from '@fedmgmt/service-kit';
import { type Caller, type GraphQLBody, type Stack, startStack } from '@fedmgmt/testkit';

/**
 * The gateway's POST /oauth/register: it authenticates the caller, mints the `dcr:register` context
 * the accounts subgraph's registration route accepts, and relays that route's answer. The accounts
 * subgraph alone decides who may create clients.
 */
const GOOD = { redirect_uris: ['https://app.example.com/cb'], client_name: 'CLI', scope: 'openid' };

describe('POST /oauth/register through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  const register = async (body: Record<string, unknown>, caller: Caller) => {
    const res = await stack.request(body as unknown as GraphQLBody, caller, DCR_REGISTRATION_PATH);
    return {
      status: res.status,
      cache: res.headers.get('cache-control'),
      body: res.body as Record<string, unknown>,
    };
  };
  const invalidToken = (description: string) => ({
    status: 401,
    cache: 'no-store',
    body: { error: 'invalid_token', error_description: description },
  });

  it('registers a client for an accounts administrator, owned by the caller unless the body names one', async () => {
    const token = await stack.mintToken({ subject: 'alice', groups: ['accounts-admin'] });
    const own = await register(GOOD, { token });
    expect(own).toEqual({
      status: 201,
      cache: 'no-store',
      body: expect.objectContaining({
        client_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        client_secret: expect.any(String),
        client_name: 'CLI',
        authenticated_user: 'alice',
      }),
    });
    const named = await register(
      { ...GOOD, authenticated_user: 'bob', template_client: 't1' },
      'superadmin',
    );
    expect(named.status).toBe(201);
    expect(named.body).toEqual(
      expect.objectContaining({ authenticated_user: 'bob', template_client: 't1' }),
    );
    const gql = await stack.request({
      query: `{ dynamicallyRegisteredClientById(clientId: "${String(own.body.client_id)}") { client_name authenticated_user } }`,
    });
    expect(gql.body).toEqual({
      data: {
        dynamicallyRegisteredClientById: { client_name: 'CLI', authenticated_user: 'alice' },
      },
    });
  });

  it('relays the accounts subgraph’s refusals and metadata errors', async () => {
    const reader = await stack.mintToken({ subject: 'carol', groups: ['readers'] });
    expect(await register(GOOD, { token: reader })).toEqual(
      invalidToken('a valid initial access token is required'),
    );
    const admin = await stack.mintToken({ subject: 'alice', groups: ['accounts-admin'] });
    expect(
      await register({ redirect_uris: ['http://app.example.com/cb'] }, { token: admin }),
    ).toEqual({
      status: 400,
      cache: 'no-store',
      body: {
        error: 'invalid_redirect_uri',
        error_description: 'redirect_uris must use https (or http on a loopback host)',
      },
    });
  });

  it('refuses an unauthenticated caller at the gateway', async () => {
    const res = await register(GOOD, 'anonymous');
    expect([res.status, res.cache, res.body.error]).toEqual([401, 'no-store', 'invalid_token']);
  });
});
