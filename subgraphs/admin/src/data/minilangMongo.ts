import type { Document } from 'mongodb';
import { checkFilter, type FieldMap } from '../minilang/check';
import type { Comparison, Condition } from '../minilang/condition';

const OPERATOR: Record<Comparison, string> = {
  eq: '$eq',
  ne: '$ne',
  gt: '$gt',
  gte: '$gte',
  lt: '$lt',
  lte: '$lte',
};

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** SQL LIKE: `%` is any run, `_` one character, everything else literal. */
function likeToRegex(s: string): string {
  return Array.from(s, (c) => (c === '%' ? '.*' : c === '_' ? '.' : escapeRegex(c))).join('');
}

/**
 * A checked filter as a MongoDB query. Paths come from the whitelist and operators from the
 * table above; client values only fill `$eq`-style slots or escaped regular expressions.
 */
export function conditionToMongo(c: Condition): Document {
  switch (c.kind) {
    case 'not':
      return { $nor: [conditionToMongo(c.operand)] };
    case 'and':
      return { $and: [conditionToMongo(c.left), conditionToMongo(c.right)] };
    case 'or':
      return { $or: [conditionToMongo(c.left), conditionToMongo(c.right)] };
    case 'compare':
      return { [c.path]: { [OPERATOR[c.op]]: c.value } };
    case 'in':
      return { [c.path]: { $in: c.values } };
    case 'text': {
      const pattern = c.match === 'contains' ? escapeRegex(c.text) : `^${likeToRegex(c.text)}$`;
      return { [c.path]: c.ignoreCase ? { $regex: pattern, $options: 'i' } : { $regex: pattern } };
    }
  }
}

/** A client filter string straight to MongoDB (checked first; BAD_USER_INPUT on any error). */
export function compileFilter(src: string, fields: FieldMap): Document {
  return conditionToMongo(checkFilter(src, fields));
}

/** Joins conditions with `$and`, dropping empty ones. */
export function and(...parts: (Document | undefined | false)[]): Document {
  const real = parts.filter((p): p is Document => !!p && Object.keys(p).length > 0);
  if (real.length === 0) return {};
  return real.length === 1 ? (real[0] as Document) : { $and: real };
}
