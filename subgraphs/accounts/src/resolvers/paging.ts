import type { AccountsContext } from '../context';
import type { SortBy } from '../data/accountSearch';
import type { Order } from '../data/listing';
import { badInput } from '../errors';

export interface SortingInput {
  sortBy?: SortBy | null;
  sortOrder: 'ASCENDING' | 'DESCENDING';
}

export function pageSize(first: number | null | undefined, ctx: AccountsContext): number {
  const { defaultPageSize, maxPageSize } = ctx.services.listing;
  if (first === null || first === undefined) return defaultPageSize;
  if (first < 0 || first > maxPageSize) throw badInput(`first must be between 0 and ${maxPageSize}`, 'first');
  return first;
}

export function sortOf(sorting: SortingInput | null | undefined): { by?: SortBy; order: Order } | undefined {
  if (!sorting) return undefined;
  return { ...(sorting.sortBy ? { by: sorting.sortBy } : {}), order: sorting.sortOrder === 'DESCENDING' ? 'DESC' : 'ASC' };
}

export function connection<T>(page: { endCursor: string | null; hasNextPage: boolean; totalCount: number }, nodes: (T | null)[]) {
  return {
    edges: nodes.filter((n): n is T => n !== null).map((node) => ({ node })),
    pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    totalCount: page.totalCount,
  };
}
