import { type Stack, startStack } from '@fedmgmt/testkit';

/**
 * Caller groups are normalised once, at the gateway; the accounts subgraph's authorizer uses the
 * forwarded list as-is. A token's groups claim in any accepted shape grants exactly what the same
 * names as plain strings grant, and a claim that is not a list of names is refused at the gateway.
 */
describe('groups claims, normalised at the gateway, decide what accounts allows', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      accountsEnv: { ACCOUNTS_GROUP_RULES: JSON.stringify({ creators: { accounts: ['create'] } }) },
    });
  });
  afterAll(() => stack?.stop());

  let n = 0;
  const create = async (groups: unknown) => {
    const token = await stack.mintToken({ subject: 'g', groups: groups as string[] });
    const res = await stack.request(
      {
        query:
          'mutation($u: String!) { createAccount(input: {fields: {userName: $u}}) { account { userName } } }',
        variables: { u: `grp${(n += 1)}` },
      },
      { token },
    );
    const body = res.body as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    return { status: res.status, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
  };
  const allowed = { status: 200, codes: [] };
  const forbidden = { status: 200, codes: ['FORBIDDEN'] };
  const refused = { status: 401, codes: ['UNAUTHENTICATED'] };

  it('honours names and SCIM {value} objects alike, duplicates or not', async () => {
    expect(await create(['creators'])).toEqual(allowed);
    expect(await create([{ value: 'creators' }])).toEqual(allowed);
    expect(await create(['creators', { type: '', value: 'creators' }, 'creators'])).toEqual(
      allowed,
    );
  });

  it('keeps the case of a group name', async () => {
    expect(await create(['Creators'])).toEqual(forbidden);
    expect(await create([])).toEqual(forbidden);
  });

  it('refuses a token whose groups claim is not a list of names', async () => {
    expect(await create('creators')).toEqual(refused);
    expect(await create(['creators', ''])).toEqual(refused);
    expect(await create([{ value: 7 }])).toEqual(refused);
  });
});
