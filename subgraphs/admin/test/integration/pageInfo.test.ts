import { AccountsRepository } from '@fedmgmt/accounts';
import { CURSOR, referenceSort, type Role, refusedBody, summary, V2Harness } from './v2harness';

/**
 * One `PageInfo` type for both subgraphs (@shareable, identical fields): a Backend.AI client's
 * `fragment on PageInfo` works on the admin subgraph's Relay connections and on accounts' `accounts`.
 */
describe('fragment on PageInfo through the gateway', () => {
  const h = new V2Harness();
  const NAMES = ['pi-anna', 'pi-bert', 'pi-cleo', 'pi-dora', 'pi-emil'];
  const ACCOUNT_CURSOR = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
  beforeAll(async () => {
    await h.start(12);
    const repo = new AccountsRepository(h.seeded.stack.redis, '');
    for (const userName of [...NAMES].reverse()) await repo.create({ userName, active: true });
  });
  afterAll(() => h.stop());

  it.each(['superadmin', 'admin', 'monitor'] as Role[])(
    'user_nodes fills the fragment for a %s, page by page',
    async (role) => {
      const scope = h.users.filter((u) => role === 'superadmin' || u.domain_name === 'default');
      const expected = referenceSort(scope, [['email', 1]]).map((u) => ({
        node: { email: u.email },
      }));
      const q = h.document('pageInfo_user_nodes');
      const one = await h.run(role, q, { order: '+email', first: 3 });
      expect(one).toEqual({
        data: {
          user_nodes: {
            count: scope.length,
            pageInfo: {
              hasNextPage: true,
              hasPreviousPage: false,
              startCursor: expect.stringMatching(CURSOR),
              endCursor: expect.stringMatching(CURSOR),
            },
            edges: expected.slice(0, 3),
          },
        },
      });
      const after = (one.data?.user_nodes as { pageInfo: { endCursor: string } }).pageInfo
        .endCursor;
      expect(await h.run(role, q, { order: '+email', first: 100, after })).toEqual({
        data: {
          user_nodes: {
            count: scope.length,
            pageInfo: {
              hasNextPage: false,
              hasPreviousPage: true,
              startCursor: expect.stringMatching(CURSOR),
              endCursor: expect.stringMatching(CURSOR),
            },
            edges: expected.slice(3),
          },
        },
      });
    },
  );

  it('user_nodes refuses a plain user, fragment or not', async () => {
    expect(summary(await h.run('user', h.document('pageInfo_user_nodes'), { first: 3 }))).toEqual(
      refusedBody('user_nodes', 'Insufficient privilege.'),
    );
  });

  it('accounts fills the same fragment, with hasPreviousPage and startCursor from the accounts paging', async () => {
    const q = h.document('pageInfo_accounts');
    const one = await h.run('superadmin', q, { first: 2 });
    const all = (await h.run('superadmin', q, { first: 100 })).data?.accounts as {
      edges: { node: { userName: string } }[];
    };
    const names = all.edges.map((e) => e.node.userName);
    expect(names.filter((n) => n.startsWith('pi-'))).toEqual(NAMES);
    expect(one).toEqual({
      data: {
        accounts: {
          totalCount: names.length,
          pageInfo: {
            hasNextPage: true,
            hasPreviousPage: false,
            startCursor: expect.stringMatching(ACCOUNT_CURSOR),
            endCursor: expect.stringMatching(ACCOUNT_CURSOR),
          },
          edges: names.slice(0, 2).map((userName) => ({ node: { userName } })),
        },
      },
    });
    const after = (one.data?.accounts as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    expect(await h.run('superadmin', q, { first: 100, after })).toEqual({
      data: {
        accounts: {
          totalCount: names.length,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: true,
            startCursor: expect.stringMatching(ACCOUNT_CURSOR),
            endCursor: null,
          },
          edges: names.slice(2).map((userName) => ({ node: { userName } })),
        },
      },
    });
  });

  it.each(['admin', 'monitor', 'user'] as Role[])(
    'accounts refuses a non-superadmin %s (accounts policy), fragment or not',
    async (role) => {
      expect(summary(await h.run(role, h.document('pageInfo_accounts'), { first: 2 }))).toEqual({
        data: null,
        errors: ['Not authorized to perform this operation'],
      });
    },
  );
});
