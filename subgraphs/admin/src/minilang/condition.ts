/**
 * A checked client filter: every path is a whitelisted stored path and every value has the
 * field's type. Plain data, no store syntax: data/minilangMongo.ts turns it into a query.
 */
export type Comparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

export type Condition =
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; path: string; op: Comparison; value: unknown }
  | { kind: 'in'; path: string; values: unknown[] }
  /** `contains` matches the text anywhere; `like` is SQL LIKE over the whole value. */
  | { kind: 'text'; path: string; match: 'contains' | 'like'; text: string; ignoreCase: boolean };

/** `[stored path, 1 ascending | -1 descending]` pairs, most significant first. */
export type SortSpec = [string, 1 | -1][];
