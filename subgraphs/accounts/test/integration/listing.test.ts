import type { AccountRecord } from '../../src/data/accountModel';
import type { AccountListQuery } from '../../src/data/accountSearch';
import { privateStore } from './store';

type Store = Awaited<ReturnType<typeof privateStore>>;
const NAMES: [string, string, boolean][] = [
  ['alice', 'alice@example.org', true],
  ['alicia', 'alicia@corp.example.com', true],
  ['Albert', 'albert@example.org', true],
  ['bob', 'bob@example.org', true],
  ['bobby', 'bobby@corp.example.com', false],
  ['carol', 'carol@example.net', true],
  ['dave', 'dave@example.org', true],
  ['ｅｖｅ', 'eve@example.net', true],
];

const cause = (fn: () => Promise<unknown>) =>
  fn().then(
    () => 'served',
    (e: { extensions?: Record<string, unknown> }) => e.extensions?.['not-supported-cause'],
  );
const byKey =
  (f: (a: AccountRecord) => string | number) => (a: AccountRecord, b: AccountRecord) => {
    const x = f(a);
    const y = f(b);
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
  };

describe('Query.accounts (AccountSearch)', () => {
  let store: Store;
  let all: AccountRecord[];
  const list = (q: Partial<AccountListQuery>) =>
    store.repos.accountSearch.list({ activeOnly: false, first: 50, ...q });
  const names = (ids: string[]) => ids.map((id) => all.find((a) => a.id === id)?.userName);

  beforeAll(async () => {
    store = await privateStore();
    all = [];
    for (const [userName, email, active] of NAMES) {
      all.push(
        await store.repos.accounts.create({
          userName,
          active,
          emails: [{ value: email, primary: true }],
        }),
      );
    }
  });
  afterAll(() => store.drop());

  it('serves userName STARTS_WITH from the lex index in name order, case- and width-insensitively', async () => {
    expect(await list({ filter: { by: 'userName', type: 'STARTS_WITH', value: 'ALI' } })).toEqual({
      ids: [all[0]!.id, all[1]!.id],
      endCursor: null,
      hasNextPage: false,
      startCursor: expect.any(String),
      hasPreviousPage: false,
      totalCount: 2,
    });
    expect(
      names((await list({ filter: { by: 'userName', type: 'STARTS_WITH', value: 'ｅｖｅ' } })).ids),
    ).toEqual(['ｅｖｅ']);
  });

  it('serves email ENDS_WITH from the reversed index, with totalCount from ZLEXCOUNT', async () => {
    const page = await list({ filter: { by: 'email', type: 'ENDS_WITH', value: '@example.org' } });
    expect(names(page.ids).sort()).toEqual(['Albert', 'alice', 'bob', 'dave']);
    expect(page.totalCount).toBe(4);
    expect(
      names((await list({ filter: { by: 'userName', type: 'ENDS_WITH', value: 'bby' } })).ids),
    ).toEqual(['bobby']);
  });

  it('sorts unfiltered pages by created, lastModified and name in both orders', async () => {
    const created = [...all].sort(byKey((a) => a.createdMs)).map((a) => a.id);
    expect((await list({ sort: { by: 'created', order: 'ASC' } })).ids).toEqual(created);
    expect((await list({ sort: { by: 'created', order: 'DESC' } })).ids).toEqual(
      [...created].reverse(),
    );
    expect(names((await list({ sort: { by: 'name', order: 'ASC' } })).ids)).toEqual([
      'Albert',
      'alice',
      'alicia',
      'bob',
      'bobby',
      'carol',
      'dave',
      'ｅｖｅ',
    ]);
    await store.repos.accounts.update(all[0]!.id, (row) => ({
      record: { ...row.record, title: 'x' },
    }));
    const modified = (await list({ sort: { by: 'lastModified', order: 'DESC' } })).ids;
    expect(modified[0]).toBe(all[0]!.id);
  });

  it('sorts a filter by another attribute in memory within the bound, and refuses beyond it with SORTING', async () => {
    const q: Partial<AccountListQuery> = {
      filter: { by: 'email', type: 'ENDS_WITH', value: 'example.org' },
      sort: { by: 'name', order: 'DESC' },
    };
    expect(names((await list(q)).ids)).toEqual(['dave', 'bob', 'alice', 'Albert']);
    const tight = store.with({ maxInMemorySort: 3 });
    expect(await cause(() => tight.accountSearch.list({ activeOnly: false, first: 5, ...q }))).toBe(
      'SORTING',
    );
    expect(
      await cause(() =>
        tight.accountSearch.list({
          activeOnly: false,
          first: 5,
          filter: { by: 'userName', type: 'STARTS_WITH', value: 'bob' },
          sort: { by: 'created', order: 'ASC' },
        }),
      ),
    ).toBe('served');
  });

  it('refuses with Curity causes what the configuration disallows', async () => {
    expect(
      await cause(() => list({ filter: { by: 'userName', type: 'STARTS_WITH', value: 'al' } })),
    ).toBe('FILTERING_FILTER_TOO_SMALL');
    expect(
      await cause(() =>
        store.with({ allowUnfiltered: false }).accountSearch.list({ activeOnly: true, first: 5 }),
      ),
    ).toBe('FILTERING_ABSENT');
    expect(
      await cause(() =>
        store.with({ allowEndsWith: false }).accountSearch.list({
          activeOnly: true,
          first: 5,
          filter: { by: 'email', type: 'ENDS_WITH', value: '.org' },
        }),
      ),
    ).toBe('FILTERING_ENDS_WITH');
    expect(
      await cause(() =>
        store.with({ allowEndsWith: false }).accountSearch.list({
          activeOnly: true,
          first: 5,
          filter: { by: 'email', type: 'STARTS_WITH', value: 'bob' },
        }),
      ),
    ).toBe('served');
  });

  it('leaves inactive accounts out of activeOnly pages and their totalCount', async () => {
    const page = await store.repos.accountSearch.list({
      activeOnly: true,
      first: 50,
      filter: { by: 'userName', type: 'STARTS_WITH', value: 'bob' },
    });
    expect(names(page.ids)).toEqual(['bob']);
    expect(page.totalCount).toBe(1);
  });

  it('pages through every account exactly once with first/after', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await list({
        first: 3,
        sort: { by: 'name', order: 'ASC' },
        ...(after ? { after } : {}),
      });
      seen.push(...page.ids);
      expect(page.totalCount).toBe(8);
      if (!page.hasNextPage) break;
      after = page.endCursor!;
    }
    expect(names(seen)).toEqual([
      'Albert',
      'alice',
      'alicia',
      'bob',
      'bobby',
      'carol',
      'dave',
      'ｅｖｅ',
    ]);
  });

  it('reports hasPreviousPage and a startCursor that continues after the first item, index-served and in-memory', async () => {
    for (const q of [
      { sort: { by: 'name' as const, order: 'DESC' as const } },
      {
        sort: { by: 'created' as const, order: 'ASC' as const },
        filter: { by: 'email' as const, type: 'STARTS_WITH' as const, value: 'ali' },
      },
    ]) {
      const one = await list({ ...q, first: 1 });
      expect(one).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
      const two = await list({ ...q, first: 1, after: one.endCursor! });
      expect(two).toMatchObject({ hasPreviousPage: true, startCursor: expect.any(String) });
      const everything = (await list(q)).ids;
      expect(everything.length).toBeGreaterThanOrEqual(2);
      expect((await list({ ...q, after: two.startCursor! })).ids).toEqual(everything.slice(2));
      expect((await list({ ...q, after: one.startCursor! })).ids).toEqual(everything.slice(1));
      expect(await list({ ...q, first: 0 })).toMatchObject({
        ids: [],
        startCursor: null,
        hasPreviousPage: false,
      });
    }
  });

  it('rejects a tampered cursor and a cursor from another query', async () => {
    const { endCursor } = await list({ first: 2, sort: { by: 'name', order: 'ASC' } });
    const [payload, mac] = endCursor!.split('.');
    const forged = `${Buffer.from((JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { k: string }).k.replace('a', 'b')).toString('base64url')}.${mac}`;
    await expect(
      list({ first: 2, sort: { by: 'name', order: 'ASC' }, after: forged }),
    ).rejects.toMatchObject({
      message: 'Invalid cursor',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
    await expect(
      list({ first: 2, sort: { by: 'created', order: 'ASC' }, after: endCursor! }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('Query.accounts cursors under concurrent writes', () => {
  let store: Store;
  afterAll(() => store.drop());

  it('neither skips nor repeats items when accounts are inserted and deleted between pages', async () => {
    store = await privateStore();
    const initial: AccountRecord[] = [];
    for (let i = 0; i < 30; i++)
      initial.push(
        await store.repos.accounts.create({
          userName: `user${String(i).padStart(2, '0')}`,
          active: true,
        }),
      );
    const q = { activeOnly: true, first: 7, sort: { by: 'name' as const, order: 'ASC' as const } };
    const seen: string[] = [];
    let page = await store.repos.accountSearch.list(q);
    seen.push(...page.ids);
    const writers: Promise<unknown>[] = [];
    let n = 0;
    while (page.hasNextPage) {
      // Writers race with the reader: new names before and after the cursor, deletions of seen and unseen items.
      writers.push(
        store.repos.accounts.create({
          userName: `user${String(n).padStart(2, '0')}a`,
          active: true,
        }),
      );
      writers.push(store.repos.accounts.create({ userName: `aaa${n}`, active: true }));
      writers.push(store.repos.accounts.delete(initial[n * 2]!.id));
      n++;
      page = await store.repos.accountSearch.list({ ...q, after: page.endCursor! });
      seen.push(...page.ids);
    }
    await Promise.all(writers);
    const names = (await store.repos.accounts.byIds(seen)).map((a) => a?.userName ?? '(deleted)');
    expect(new Set(seen).size).toBe(seen.length);
    const sortedSeen = names.filter((x) => x !== '(deleted)');
    expect(sortedSeen).toEqual([...sortedSeen].sort());
    // Every initial account not deleted is seen exactly once, in name order.
    const deleted = new Set(
      initial
        .slice(0, n * 2)
        .filter((_, i) => i % 2 === 0)
        .map((a) => a.id),
    );
    const survivors = initial.filter((a) => !deleted.has(a.id)).map((a) => a.id);
    expect(survivors.every((id) => seen.includes(id))).toBe(true);
  });
});
