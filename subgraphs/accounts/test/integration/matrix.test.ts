import type { AccountRecord } from '../../src/data/accountModel';
import { primaryOf } from '../../src/data/accountModel';
import type { AccountListQuery, SortBy } from '../../src/data/accountSearch';
import { member, padTime, reversed, uniqueKey } from '../../src/data/normalize';
import { privateStore } from './store';

type Filter = AccountListQuery['filter'];
const FILTERS: (Filter | undefined)[] = [
  undefined,
  { by: 'userName', type: 'STARTS_WITH', value: 'mAt' },
  { by: 'userName', type: 'ENDS_WITH', value: 'ias' },
  { by: 'email', type: 'STARTS_WITH', value: 'mat' },
  { by: 'email', type: 'ENDS_WITH', value: '.ORG' },
];
const SORTS: (SortBy | undefined)[] = [undefined, 'created', 'lastModified', 'name'];
const ORDERS = ['ASC', 'DESC'] as const;
const USERS = [
  'matias',
  'Mathias',
  'matt',
  'ｍａｔｉｌｄａ',
  'tobias',
  'elias',
  'anna',
  'Matteo',
  'zed',
];

/** Reference semantics, computed in JS from the records. */
function expected(
  all: AccountRecord[],
  f: Filter | undefined,
  by: SortBy | undefined,
  order: 'ASC' | 'DESC',
): string[] {
  const emailKey = (a: AccountRecord) => uniqueKey(primaryOf(a.emails) ?? '');
  const attr = (a: AccountRecord) => (f?.by === 'email' ? emailKey(a) : uniqueKey(a.userName));
  const needle = f ? uniqueKey(f.value) : '';
  const matches = all.filter(
    (a) => !f || (f.type === 'STARTS_WITH' ? attr(a).startsWith(needle) : attr(a).endsWith(needle)),
  );
  const natural = (a: AccountRecord) =>
    f ? (f.type === 'ENDS_WITH' ? reversed(attr(a)) : attr(a)) : padTime(a.createdMs);
  const key = (a: AccountRecord) =>
    by === 'created'
      ? padTime(a.createdMs)
      : by === 'lastModified'
        ? padTime(a.lastModifiedMs)
        : by === 'name'
          ? uniqueKey(a.userName)
          : natural(a);
  const sorted = [...matches].sort((x, y) =>
    Buffer.compare(Buffer.from(member(key(x), x.id)), Buffer.from(member(key(y), y.id))),
  );
  return (order === 'DESC' ? sorted.reverse() : sorted).map((a) => a.id);
}

const servedFromIndex = (f: Filter | undefined, by: SortBy | undefined) =>
  !f || by === undefined || (by === 'name' && f.by === 'userName' && f.type === 'STARTS_WITH');

describe('Query.accounts filter/sort matrix', () => {
  let store: Awaited<ReturnType<typeof privateStore>>;
  let all: AccountRecord[];
  beforeAll(async () => {
    store = await privateStore();
    all = [];
    for (const [i, u] of USERS.entries()) {
      all.push(
        await store.repos.accounts.create({
          userName: u,
          active: true,
          emails: [{ value: `${u}@example.${i % 2 ? 'org' : 'com'}`, primary: true }],
        }),
      );
    }
    await store.repos.accounts.update(all[2]!.id, (row) => ({
      record: { ...row.record, title: 'touched' },
    }));
    all[2] = (await store.repos.accounts.byIds([all[2]!.id]))[0]!;
  });
  afterAll(() => store.drop());

  const combos = FILTERS.flatMap((f) =>
    SORTS.flatMap((by) =>
      ORDERS.map(
        (order) =>
          [f ? `${f.by} ${f.type}` : 'no filter', by ?? 'no sortBy', order, f, by] as const,
      ),
    ),
  );

  it.each(combos)(
    'serves %s, %s, %s in the reference order, paged two at a time',
    async (_f, _b, order, f, by) => {
      const q = {
        activeOnly: true,
        first: 2,
        sort: by === undefined && order === 'ASC' ? undefined : { ...(by ? { by } : {}), order },
        filter: f,
      };
      const want = expected(all, f, by, order);
      const got: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.repos.accountSearch.list({ ...q, ...(after ? { after } : {}) });
        expect(page.totalCount).toBe(want.length);
        got.push(...page.ids);
        after = page.endCursor ?? undefined;
      } while (after);
      expect(got).toEqual(want);
    },
  );

  it.each(combos)(
    'with no in-memory budget, %s, %s, %s is served only from an index, else refused with SORTING',
    async (_f, _b, order, f, by) => {
      const strict = store.with({ maxInMemorySort: 0 });
      const run = strict.accountSearch.list({
        activeOnly: true,
        first: 50,
        ...(by || order === 'DESC' ? { sort: { ...(by ? { by } : {}), order } } : {}),
        ...(f ? { filter: f } : {}),
      });
      if (servedFromIndex(f, by))
        await expect(run).resolves.toMatchObject({ ids: expected(all, f, by, order) });
      else
        await expect(run).rejects.toMatchObject({
          message: 'Sorting is not supported',
          extensions: {
            classification: 'operation-not-supported',
            'not-supported-cause': 'SORTING',
          },
        });
    },
  );
});
