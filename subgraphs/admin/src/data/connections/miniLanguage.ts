import type { Document } from 'mongodb';
import { compileOrder, type FieldMap } from '../../minilang/compile';
import { compileFilter } from '../minilangMongo';
import type { SortPairs } from '../listing';

/** A Relay list's `filter` and `order` strings (the *_list mini-language), as the client sent them. */
export interface MiniList {
  filter?: string | null;
  order?: string | null;
}

/**
 * Compiled through the field whitelist: a null order means `fallback`, an empty one no order
 * (the stable sort still ends with `_id`).
 */
export function compileMiniList(
  list: MiniList,
  fields: FieldMap,
  fallback: string,
): { filter: Document; sort: SortPairs } {
  const filter = list.filter ? compileFilter(list.filter, fields) : {};
  return { filter, sort: compileOrder(list.order ?? fallback, fields) };
}
