import type { Document } from 'mongodb';
import type { SortPairs } from '../listing';
import type { Lookup } from './reader';
import {
  compileV2Filter,
  compileV2Order,
  type FilterRules,
  stringFilter,
  type V2FilterInput,
  type V2OrderBy,
} from './v2Filter';

/** A V2 list's `filter` and `orderBy`, as the client sent them. */
export interface V2List {
  filter?: V2FilterInput;
  orderBy?: V2OrderBy;
}

/** What a V2 type filters and orders on, and its default order. */
export interface V2Spec {
  rules: FilterRules;
  order: Record<string, string>;
  fallback: SortPairs;
}

/** The filter first (its nested lookups run then), then the order, as every V2 list did. */
export async function compileV2List(
  list: V2List,
  spec: V2Spec,
  lookup: Lookup,
): Promise<{ filter: Document; sort: SortPairs }> {
  const filter = await compileV2Filter(list.filter, spec.rules, lookup);
  return { filter, sort: compileV2Order(list.orderBy, spec.order, spec.fallback) };
}

/** `isActive: true|false` of a nested filter (domain, project, user). */
export const activeIs = (f: Record<string, unknown>): Document[] =>
  typeof f.isActive === 'boolean' ? [{ is_active: { $eq: f.isActive } }] : [];

/** The StringFilters of a nested filter, input key -> stored path. */
export const stringsOf = (f: Record<string, unknown>, paths: Record<string, string>): Document[] =>
  Object.entries(paths).flatMap(([k, path]) =>
    f[k] ? stringFilter(path, f[k] as Record<string, unknown>) : [],
  );
