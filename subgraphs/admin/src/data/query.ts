import type { Document, Filter, Sort } from 'mongodb';
import type { Condition, SortSpec } from '../minilang/condition';
import { and, conditionToMongo } from './minilangMongo';

export type { Page } from './baseRepository';

/**
 * One *_list page as the resolvers ask for it: the client's checked filter (null when none), the
 * order (undefined for none) and the window. Plain data; repositories turn it into a query.
 */
export interface ListQuery {
  where: Condition | null;
  sort: SortSpec | undefined;
  offset: number;
  limit: number;
}

/** `{path: value}` conditions joined with `$and`; an undefined value means "not restricted". */
export function eqAll(fields: Record<string, string | boolean | undefined>): Document {
  return and(
    ...Object.entries(fields).map(([path, v]) =>
      v === undefined ? undefined : { [path]: { $eq: v } },
    ),
  );
}

/** `{path: {$in: values}}`, or nothing when `values` is undefined (an empty list matches nothing). */
export function oneOf(path: string, values: readonly unknown[] | undefined): Document | undefined {
  return values === undefined ? undefined : { [path]: { $in: [...values] } };
}

/** The scope's conditions and the client's filter, joined. */
export function withClientFilter<T>(scope: Document, q: ListQuery): Filter<T> {
  return and(scope, q.where ? conditionToMongo(q.where) : undefined) as Filter<T>;
}

/** The repository `page()` arguments for a list query under a scope. */
export function pageArgs<T>(
  scope: Document,
  q: ListQuery,
): [Filter<T>, Sort | undefined, number, number] {
  return [withClientFilter<T>(scope, q), q.sort, q.offset, q.limit];
}
