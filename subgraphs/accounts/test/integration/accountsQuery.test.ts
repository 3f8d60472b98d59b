import { startStack, type Stack } from '@fedmgmt/testkit';

const LIST =
  'query($s: Sorting, $f: Filtering, $first: Int, $after: String) { accounts(sorting: $s, filtering: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { userName } } } }';
type Body = {
  data?: {
    accounts: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { userName: string } }[];
    };
  };
};
const users = (b: Body) => b.data?.accounts.edges.map((e) => e.node.userName);

describe('Query.accounts through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    for (const u of ['kim', 'kimberly', 'kimi', 'lee']) {
      await stack.request({
        query: `mutation { createAccount(input: {fields: {userName: "${u}", emails: [{value: "${u}@example.com", primary: true}]}}) { account { id } } }`,
      });
    }
  });
  afterAll(() => stack.stop());

  it('accepts Sorting and FilterType as literals', async () => {
    const res = await stack.request({
      query:
        '{ accounts(sorting: {sortBy: name, sortOrder: DESCENDING}, filtering: {filterBy: userName, filterType: STARTS_WITH, filter: "KIM"}) { totalCount edges { node { userName } } } }',
    });
    expect(res.body).toEqual({
      data: {
        accounts: {
          totalCount: 3,
          edges: [
            { node: { userName: 'kimi' } },
            { node: { userName: 'kimberly' } },
            { node: { userName: 'kim' } },
          ],
        },
      },
    });
  });

  it('accepts Sorting and FilterType as JSON variables and pages with the cursor', async () => {
    const vars = {
      s: { sortBy: 'name', sortOrder: 'ASCENDING' },
      f: { filterBy: 'email', filterType: 'ENDS_WITH', filter: 'example.com' },
      first: 3,
    };
    const one = (await stack.request({ query: LIST, variables: vars })).body as Body;
    expect(users(one)).toEqual(['kim', 'kimberly', 'kimi']);
    expect(one.data?.accounts.pageInfo.hasNextPage).toBe(true);
    const two = (
      await stack.request({
        query: LIST,
        variables: { ...vars, after: one.data?.accounts.pageInfo.endCursor },
      })
    ).body as Body;
    expect(two).toEqual({
      data: {
        accounts: {
          totalCount: 4,
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: [{ node: { userName: 'lee' } }],
        },
      },
    });
  });

  it("answers a too-short filter with Curity's FILTERING_FILTER_TOO_SMALL error", async () => {
    const res = await stack.request({
      query: LIST,
      variables: { f: { filterBy: 'userName', filterType: 'STARTS_WITH', filter: 'ki' } },
    });
    expect(res.body).toEqual({
      data: null,
      errors: [
        {
          message:
            'The filter value does not contain enough characters to perform a starts_with search',
          path: ['accounts'],
          extensions: {
            classification: 'operation-not-supported',
            'not-supported-cause': 'FILTERING_FILTER_TOO_SMALL',
            code: 'BAD_USER_INPUT',
          },
        },
      ],
    });
  });

  it.each([
    [{ first: -1 }, 'first must be between 0 and 500', 'first'],
    [{ first: 501 }, 'first must be between 0 and 500', 'first'],
    [{ after: 'not-a-cursor' }, 'Invalid cursor', 'after'],
  ])('refuses %j with a clear BAD_USER_INPUT error', async (vars, message, field) => {
    const res = await stack.request({ query: LIST, variables: vars });
    expect(res.body).toEqual({
      data: null,
      errors: [{ message, path: ['accounts'], extensions: { code: 'BAD_USER_INPUT', field } }],
    });
  });

  it('refuses oversized lookup arguments before touching the store', async () => {
    const res = await stack.request({
      query: `{ accountById(accountId: "${'x'.repeat(129)}") { id } }`,
    });
    expect(res.body).toEqual({
      data: { accountById: null },
      errors: [
        {
          message: 'accountId must be 1 to 128 characters',
          path: ['accountById'],
          extensions: { code: 'BAD_USER_INPUT', field: 'accountId' },
        },
      ],
    });
  });

  it('refuses an unknown sort attribute at validation, before any resolver runs', async () => {
    const res = await stack.request({
      query: LIST,
      variables: { s: { sortBy: 'email', sortOrder: 'ASCENDING' } },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.data).toBeUndefined();
  });
});
