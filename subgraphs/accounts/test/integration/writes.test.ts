import { startStack, type Stack } from '@fedmgmt/testkit';
import type { AccountRecord } from '../../src/data/accountModel';
import { privateStore } from './store';

const CREATE = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id userName } } }`;
const UPDATE = `mutation($input: UpdateAccountByIdInput!) { updateAccountById(input: $input) { account {
  userName displayName title active name { givenName familyName } emails { value primary } } } }`;
const violation = (field: string, message: string) => ({
  message,
  path: ['createAccount'],
  extensions: { classification: 'constraint-violation', field, code: 'BAD_USER_INPUT' },
});

/** Every key of the prefix with its members/fields, to prove no index entry is orphaned. */
async function indexSizes(
  redis: Awaited<ReturnType<typeof privateStore>>['redis'],
  prefix: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of ['created', 'modified', 'user', 'userRev', 'email', 'emailRev']) {
    out[`all:${name}`] = await redis.zcard(`${prefix}ix:all:${name}`);
    out[`act:${name}`] = await redis.zcard(`${prefix}ix:act:${name}`);
  }
  for (const u of ['userName', 'emails', 'phoneNumbers'])
    out[`uq:${u}`] = await redis.hlen(`${prefix}uq:${u}`);
  return out;
}

describe('Mutation.createAccount', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('gives exactly one success and 99 constraint violations when 100 requests race for one userName', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        stack.request({
          query: CREATE,
          variables: {
            input: {
              fields: {
                userName: 'racer',
                emails: [{ value: `racer${i}@example.com`, primary: true }],
              },
            },
          },
        }),
      ),
    );
    const ok = results.filter((r) => r.body.errors === undefined);
    const refused = results.filter((r) => r.body.errors !== undefined);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(99);
    for (const r of refused)
      expect(r.body).toEqual({
        data: { createAccount: null },
        errors: [violation('userName', 'The username provided is already registered')],
      });
  });

  it('leaves no orphan index entries after the race and after failed writes', async () => {
    const store = await privateStore();
    try {
      await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          store.repos.accounts.create({
            userName: 'solo',
            active: true,
            emails: [{ value: `s${i}@x.org`, primary: true }],
          }),
        ),
      );
      await store.repos.accounts
        .create({
          userName: 'other',
          active: true,
          emails: [{ value: 's0@x.org' }, { value: 'o@x.org', primary: true }],
        })
        .catch(() => undefined);
      const sizes = await indexSizes(store.redis, store.prefix);
      expect(sizes).toEqual({
        'all:created': 1,
        'act:created': 1,
        'all:modified': 1,
        'act:modified': 1,
        'all:user': 1,
        'act:user': 1,
        'all:userRev': 1,
        'act:userRev': 1,
        'all:email': 1,
        'act:email': 1,
        'all:emailRev': 1,
        'act:emailRev': 1,
        'uq:userName': 1,
        'uq:emails': 1,
        'uq:phoneNumbers': 0,
      });
      const [solo] = await store.repos.accounts.idsByUnique('userName', ['solo']);
      await store.repos.accounts.delete(solo!);
      expect(Object.values(await indexSizes(store.redis, store.prefix)).every((n) => n === 0)).toBe(
        true,
      );
    } finally {
      await store.drop();
    }
  });

  it.each([
    ['Ａｄｍｉｎ', 'admin'],
    ['OPERATOR', 'operator'],
    ['straße', 'STRASSE'],
    ['ﬁnance', 'finance'],
  ])(
    'treats %s and %s as the same userName, keeping the original for display',
    async (first, second) => {
      const a = await stack.request({
        query: CREATE,
        variables: { input: { fields: { userName: first } } },
      });
      expect(a.body).toEqual({
        data: { createAccount: { account: { id: expect.any(String), userName: first } } },
      });
      const b = await stack.request({
        query: CREATE,
        variables: { input: { fields: { userName: second } } },
      });
      expect(b.body).toEqual({
        data: { createAccount: null },
        errors: [violation('userName', 'The username provided is already registered')],
      });
      const found = await stack.request({
        query: `{ accountByUserName(userName: ${JSON.stringify(second)}) { userName } }`,
      });
      expect(found.body).toEqual({ data: { accountByUserName: { userName: first } } });
    },
  );

  it('keeps key-like characters as data (:, *, {, })', async () => {
    const name = 'we{ird}:*na*me';
    const a = await stack.request({
      query: CREATE,
      variables: { input: { fields: { userName: name } } },
    });
    expect(a.body).toEqual({
      data: { createAccount: { account: { id: expect.any(String), userName: name } } },
    });
    const found = await stack.request({
      query:
        '{ accounts(filtering: {filterBy: userName, filterType: STARTS_WITH, filter: "we{ird}:*"}) { totalCount edges { node { userName } } } }',
    });
    expect(found.body).toEqual({
      data: { accounts: { totalCount: 1, edges: [{ node: { userName: name } }] } },
    });
  });

  it('rejects a password that breaks the credential policy, listing every broken rule', async () => {
    const res = await stack.request({
      query: CREATE,
      variables: { input: { fields: { userName: 'weakpw', password: 'aaaa' } } },
    });
    expect(res.body).toEqual({
      data: { createAccount: null },
      errors: [
        {
          message:
            'The password does not meet the credential policy: at least 8 characters; at least 1 upper-case letter; at least 1 digit; at least 1 special character; at least 4 distinct characters; at most 3 identical characters in a row',
          path: ['createAccount'],
          // Curity's per-rule list passes the gateway's extension allowlist.
          extensions: {
            classification: 'credential-update-rejected',
            code: 'BAD_USER_INPUT',
            details: [
              { message: 'The password must contain at least 8 characters.' },
              { message: 'The password must contain at least 1 upper-case letter.' },
              { message: 'The password must contain at least 1 digit.' },
              { message: 'The password must contain at least 1 special character.' },
              { message: 'The password must contain at least 4 distinct characters.' },
              { message: 'The password must not repeat one character more than 3 times in a row.' },
            ],
          },
        },
      ],
    });
  });

  it('loses no update when 25 devices are added to one account concurrently', async () => {
    const created = await stack.request({
      query: CREATE,
      variables: { input: { fields: { userName: 'busy' } } },
    });
    const id = (created.body.data as { createAccount: { account: { id: string } } }).createAccount
      .account.id;
    const add =
      'mutation($i: AddDeviceToAccountByAccountIdInput!) { addDeviceToAccountByAccountId(input: $i) { device { deviceId } } }';
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, n) =>
        stack.request({
          query: add,
          variables: {
            i: { accountId: id, deviceFields: { deviceId: `d${n}`, deviceType: 'totp' } },
          },
        }),
      ),
    );
    expect(results.filter((r) => r.body.errors !== undefined)).toEqual([]);
    const read = await stack.request({
      query: `{ accountById(accountId: "${id}") { devices { deviceId } } }`,
    });
    const ids = (
      read.body.data as { accountById: { devices: { deviceId: string }[] } }
    ).accountById.devices.map((d) => d.deviceId);
    expect(ids.sort()).toEqual(Array.from({ length: 25 }, (_, n) => `d${n}`).sort());
  });

  describe('Mutation.updateAccountById', () => {
    let account: { id: string };
    beforeAll(async () => {
      const res = await stack.request({
        query: CREATE,
        variables: {
          input: {
            fields: {
              userName: 'patchme',
              displayName: 'Patch Me',
              title: 'Dr',
              name: { givenName: 'Pat', familyName: 'Ch' },
              emails: [{ value: 'patch@example.com', primary: true }],
            },
          },
        },
      });
      account = (res.body.data as { createAccount: { account: AccountRecord } }).createAccount
        .account;
    });

    it('sets given values, removes explicit nulls and leaves absent fields alone', async () => {
      const res = await stack.request({
        query: UPDATE,
        variables: {
          input: {
            accountId: account.id,
            fields: { displayName: 'New', title: null, name: { familyName: null } },
          },
        },
      });
      expect(res.body).toEqual({
        data: {
          updateAccountById: {
            account: {
              userName: 'patchme',
              displayName: 'New',
              title: null,
              active: true,
              name: { givenName: 'Pat', familyName: null },
              emails: [{ value: 'patch@example.com', primary: true }],
            },
          },
        },
      });
    });

    it('replaces a list whole and frees the old unique values', async () => {
      const res = await stack.request({
        query: UPDATE,
        variables: {
          input: {
            accountId: account.id,
            fields: { emails: [{ value: 'patched@example.com', primary: true }] },
          },
        },
      });
      expect(
        (res.body.data as { updateAccountById: { account: { emails: unknown } } }).updateAccountById
          .account.emails,
      ).toEqual([{ value: 'patched@example.com', primary: true }]);
      const reuse = await stack.request({
        query: CREATE,
        variables: {
          input: { fields: { userName: 'reuser', emails: [{ value: 'PATCH@example.com' }] } },
        },
      });
      expect(reuse.body.errors).toBeUndefined();
    });

    it('renames atomically: a taken userName is a constraint violation, a free one moves every index entry', async () => {
      const taken = await stack.request({
        query: UPDATE,
        variables: { input: { accountId: account.id, fields: { userName: 'RACER' } } },
      });
      expect(taken.body).toEqual({
        data: { updateAccountById: null },
        errors: [
          {
            ...violation('userName', 'The username provided is already registered'),
            path: ['updateAccountById'],
          },
        ],
      });
      const renamed = await stack.request({
        query: UPDATE,
        variables: { input: { accountId: account.id, fields: { userName: 'patched-name' } } },
      });
      expect(
        (renamed.body.data as { updateAccountById: { account: { userName: string } } })
          .updateAccountById.account.userName,
      ).toBe('patched-name');
      const old = await stack.request({
        query:
          '{ accountByUserName(userName: "patchme") { id } accounts(filtering: {filterBy: userName, filterType: STARTS_WITH, filter: "patch"}) { totalCount edges { node { userName } } } }',
      });
      expect(old.body).toEqual({
        data: {
          accountByUserName: null,
          accounts: { totalCount: 1, edges: [{ node: { userName: 'patched-name' } }] },
        },
      });
    });

    it('refuses to remove userName and reports an unknown account', async () => {
      const res = await stack.request({
        query: UPDATE,
        variables: { input: { accountId: account.id, fields: { userName: null } } },
      });
      expect(res.body).toEqual({
        data: { updateAccountById: null },
        errors: [
          {
            message: 'userName cannot be removed',
            path: ['updateAccountById'],
            extensions: { code: 'BAD_USER_INPUT', field: 'userName' },
          },
        ],
      });
      const missing = await stack.request({
        query: UPDATE,
        variables: { input: { accountId: 'nope', fields: { title: 'x' } } },
      });
      expect(missing.body).toEqual({
        data: { updateAccountById: null },
        errors: [
          {
            message: 'Account not found',
            path: ['updateAccountById'],
            extensions: { code: 'NOT_FOUND' },
          },
        ],
      });
    });
  });
});
