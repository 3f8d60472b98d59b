import type { AccountsContext } from '../context';
import type { SortBy } from '../data/accountSearch';
import type { Order } from '../data/listing';
import { badInput } from '../errors';
import type { Sorting } from '../generated/resolvers';

export function pageSize(first: number | null | undefined, ctx: AccountsContext): number {
  const { defaultPageSize, maxPageSize } = ctx.services.listing;
  if (first === null || first === undefined) return defaultPageSize;
  if (first < 0 || first > maxPageSize)
    throw badInput(`first must be between 0 and ${maxPageSize}`, 'first');
  return first;
}

export function sortOf(
  sorting: Sorting | null | undefined,
): { by?: SortBy; order: Order } | undefined {
  if (!sorting) return undefined;
  return {
    ...(sorting.sortBy ? { by: sorting.sortBy } : {}),
    order: sorting.sortOrder === 'DESCENDING' ? 'DESC' : 'ASC',
  };
}

interface PageOfIds {
  endCursor: string | null;
  hasNextPage: boolean;
  startCursor: string | null;
  hasPreviousPage: boolean;
  totalCount: number;
}

export function connection<T>(page: PageOfIds, nodes: (T | null)[]) {
  return {
    edges: nodes.filter((n): n is T => n !== null).map((node) => ({ node })),
    pageInfo: {
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
      startCursor: page.startCursor,
      hasPreviousPage: page.hasPreviousPage,
    },
    totalCount: page.totalCount,
  };
}
