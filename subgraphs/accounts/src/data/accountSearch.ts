import type Redis from 'ioredis';
import type { ListingConfig } from '../config';
import { notSupported } from '../errors';
import type { AccountKeys, IndexName } from './accountModel';
import type { AccountsRepository } from './accountsRepository';
import { Cursors } from './cursor';
import {
  allInRange,
  countRange,
  type IndexRange,
  idsOf,
  type Order,
  type Page,
  pageFromIndex,
  pageInMemory,
} from './listing';
import { idOfMember, member, reversed, uniqueKey } from './normalize';

export type SortBy = 'created' | 'lastModified' | 'name';

export interface AccountListQuery {
  activeOnly: boolean;
  first: number;
  after?: string;
  sort?: { by?: SortBy; order: Order };
  filter?: { by: 'userName' | 'email'; type: 'STARTS_WITH' | 'ENDS_WITH'; value: string };
}

export interface IdPage {
  ids: string[];
  endCursor: string | null;
  hasNextPage: boolean;
  /** Cursor of the page's first item (null on an empty page). */
  startCursor: string | null;
  /** Whether items precede this page (only after a cursor). */
  hasPreviousPage: boolean;
  totalCount: number;
}

const SORT_INDEX: Record<SortBy, IndexName> = {
  created: 'created',
  lastModified: 'modified',
  name: 'user',
};
const MIN_FILTER = 3;

/** Which index serves a query, and whether its natural order is the requested one. */
function plan(q: AccountListQuery, keys: AccountKeys): { range: IndexRange; indexOrder: boolean } {
  if (!q.filter) {
    const name = SORT_INDEX[q.sort?.by ?? 'created'];
    return { range: { key: keys.index(name, q.activeOnly) }, indexOrder: true };
  }
  const norm = uniqueKey(q.filter.value);
  const ends = q.filter.type === 'ENDS_WITH';
  const name: IndexName =
    q.filter.by === 'userName' ? (ends ? 'userRev' : 'user') : ends ? 'emailRev' : 'email';
  const indexOrder = q.sort?.by === undefined || (q.sort.by === 'name' && name === 'user');
  return {
    range: { key: keys.index(name, q.activeOnly), prefix: ends ? reversed(norm) : norm },
    indexOrder,
  };
}

/** Lists accounts from the sorted-set indexes; never scans the keyspace. */
export class AccountSearch {
  constructor(
    private readonly redis: Redis,
    private readonly repo: AccountsRepository,
    private readonly cursors: Cursors,
    private readonly config: ListingConfig,
  ) {}

  /** Refuses what the store cannot serve, with Curity's causes. */
  private check(q: AccountListQuery): void {
    if (!q.filter && !this.config.allowUnfiltered) throw notSupported('FILTERING_ABSENT');
    if (!q.filter) return;
    if (q.filter.type === 'ENDS_WITH' && !this.config.allowEndsWith)
      throw notSupported('FILTERING_ENDS_WITH');
    if (Array.from(q.filter.value.normalize('NFKC')).length < MIN_FILTER)
      throw notSupported('FILTERING_FILTER_TOO_SMALL');
  }

  async list(q: AccountListQuery): Promise<IdPage> {
    this.check(q);
    const { range, indexOrder } = plan(q, this.repo.keys);
    const order = q.sort?.order ?? 'ASC';
    const shape = Cursors.shape([
      'acct',
      q.activeOnly,
      q.sort ?? null,
      q.filter ? [q.filter.by, q.filter.type, uniqueKey(q.filter.value)] : null,
    ]);
    const afterKey = q.after ? this.cursors.decode(q.after, shape) : undefined;
    const totalCount = await countRange(this.redis, range);
    const page = indexOrder
      ? await pageFromIndex(this.redis, range, order, afterKey, q.first)
      : await this.sortInMemory(
          range,
          totalCount,
          q.sort?.by ?? 'created',
          order,
          afterKey,
          q.first,
        );
    const [firstKey, last] = [page.members[0], page.members[page.members.length - 1]];
    return {
      ids: idsOf(page),
      hasNextPage: page.hasNext,
      endCursor: page.hasNext && last !== undefined ? this.cursors.encode(shape, last) : null,
      hasPreviousPage: page.hasPrevious,
      startCursor: firstKey !== undefined ? this.cursors.encode(shape, firstKey) : null,
      totalCount,
    };
  }

  /** A filter sorted by another attribute: served when the matches fit the configured bound. */
  private async sortInMemory(
    range: IndexRange,
    count: number,
    by: SortBy,
    order: Order,
    afterKey: string | undefined,
    first: number,
  ): Promise<Page> {
    if (count > this.config.maxInMemorySort) throw notSupported('SORTING');
    const ids = (await allInRange(this.redis, range)).map(idOfMember);
    const fields = await this.repo.sortFields(ids);
    const field = by === 'created' ? 'cms' : by === 'lastModified' ? 'mms' : 'un';
    const keys = ids.map((id, i) => member(fields[i]?.[field] ?? '', id));
    return pageInMemory(keys, order, afterKey, first);
  }
}
