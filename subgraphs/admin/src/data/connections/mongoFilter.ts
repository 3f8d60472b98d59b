import type { Document } from 'mongodb';
import type { Scope } from './scope';

/** Matches nothing: the caller holds the permission nowhere. */
export const NOTHING: Document = { _id: { $in: [] } };

/** Joins conditions (empty ones dropped): one condition as it is, several under `$and`. */
export function allOf(...parts: (Document | undefined)[]): Document {
  const real = parts.filter((p): p is Document => !!p && Object.keys(p).length > 0);
  if (real.length === 0) return {};
  return real.length === 1 ? (real[0] as Document) : { $and: real };
}

/** A typed scope as MongoDB conditions, one per restriction, through the aggregate's paths. */
export function scopeConditions<A extends string>(
  scope: Scope<A>,
  paths: Record<A, string>,
): Document[] {
  return scope.map((r) => {
    if ('nothing' in r) return NOTHING;
    const path = paths[r.attr];
    return 'is' in r ? { [path]: { $eq: r.is } } : { [path]: { $in: [...r.oneOf] } };
  });
}

/** `{_id: id}` alongside a scope, as the single-row lookups by id write it. */
export const idIs = (id: string): Document => ({ _id: { $eq: id } });
