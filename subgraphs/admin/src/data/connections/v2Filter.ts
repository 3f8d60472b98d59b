import { GraphQLError } from 'graphql';
import type { Document } from 'mongodb';
import { escapeRegex } from '../minilangMongo';
import type { Lookup } from './reader';
import { textOf } from '../../resolvers/helpers';

/** How one V2 filter input field maps onto a stored path (only paths named here reach MongoDB). */
export type FieldRule =
  | { kind: 'string' | 'uuid' | 'bool' | 'datetime' | 'int'; path: string }
  | { kind: 'enum'; path: string; values: Record<string, string> }
  /** Nested filters (e.g. `domain: {name, isActive}`): resolved to a condition with a lookup. */
  | {
      kind: 'nested';
      resolve: (input: Record<string, unknown>, lookup: Lookup) => Promise<Document>;
    };

export type FilterRules = Record<string, FieldRule>;

export type V2FilterInput = Record<string, unknown> | null | undefined;
type Input = V2FilterInput;

/** `orderBy` of every V2 list: fields from the type's order enum. */
export type V2OrderBy = { field: string; direction: 'ASC' | 'DESC' }[] | null | undefined;

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

const rx = (pattern: string, insensitive: boolean) =>
  insensitive ? { $regex: pattern, $options: 'i' } : { $regex: pattern };
const whole = (s: string) => `^${escapeRegex(s)}$`;

/** StringFilter: every condition given must hold. */
export function stringFilter(path: string, f: Record<string, unknown>): Document[] {
  const out: Document[] = [];
  const pos = (cond: unknown) => out.push({ [path]: cond });
  const neg = (cond: unknown) => out.push({ $nor: [{ [path]: cond }] });
  for (const [op, raw] of Object.entries(f)) {
    if (raw === null || raw === undefined) continue;
    if (Array.isArray(raw)) {
      const list = raw.map(String);
      if (op === 'in') pos({ $in: list });
      else if (op === 'notIn') pos({ $nin: list });
      else if (op === 'iIn')
        out.push({
          $or: list.length
            ? list.map((v) => ({ [path]: rx(whole(v), true) }))
            : [{ _id: { $in: [] } }],
        });
      else if (op === 'iNotIn') list.forEach((v) => neg(rx(whole(v), true)));
      continue;
    }
    const v = textOf(raw);
    const i = /^i[A-Z]/.test(op);
    const base = (i ? op.slice(1, 2).toLowerCase() + op.slice(2) : op).replace(
      /^not([A-Z])/,
      (_, c: string) => c.toLowerCase(),
    );
    const negated = /^(i?)[Nn]ot[A-Z]/.test(op);
    let cond: unknown;
    if (base === 'contains') cond = rx(escapeRegex(v), i);
    else if (base === 'startsWith') cond = rx(`^${escapeRegex(v)}`, i);
    else if (base === 'endsWith') cond = rx(`${escapeRegex(v)}$`, i);
    else if (base === 'equals') cond = i ? rx(whole(v), true) : { $eq: v };
    else throw badInput(`unknown string filter "${op}"`);
    if (negated) neg(cond);
    else pos(cond);
  }
  return out;
}

function listFilter(
  path: string,
  f: Record<string, unknown>,
  map: (v: unknown) => unknown,
): Document[] {
  const out: Document[] = [];
  if (f.equals !== null && f.equals !== undefined) out.push({ [path]: { $eq: map(f.equals) } });
  if (f.notEquals !== null && f.notEquals !== undefined)
    out.push({ [path]: { $ne: map(f.notEquals) } });
  // The published ProjectTypeV2EnumFilter spells `in` as `in_`.
  const inList = f.in ?? f.in_;
  if (Array.isArray(inList)) out.push({ [path]: { $in: inList.map(map) } });
  if (Array.isArray(f.notIn)) out.push({ [path]: { $nin: f.notIn.map(map) } });
  return out;
}

function dateFilter(path: string, f: Record<string, unknown>): Document[] {
  const out: Document[] = [];
  const ops: Record<string, string> = {
    before: '$lt',
    after: '$gt',
    equals: '$eq',
    notEquals: '$ne',
  };
  for (const [op, v] of Object.entries(f)) {
    if (v === null || v === undefined) continue;
    const mongo = ops[op];
    if (!mongo) throw badInput(`unknown date filter "${op}"`);
    out.push({ [path]: { [mongo]: v instanceof Date ? v : new Date(textOf(v)) } });
  }
  return out;
}

function intFilter(path: string, f: Record<string, unknown>): Document[] {
  const ops: Record<string, string> = {
    equals: '$eq',
    notEquals: '$ne',
    greaterThan: '$gt',
    greaterThanOrEqual: '$gte',
    lessThan: '$lt',
    lessThanOrEqual: '$lte',
  };
  return Object.entries(f).flatMap(([op, v]) => {
    if (v === null || v === undefined) return [];
    const mongo = ops[op];
    if (!mongo || typeof v !== 'number') throw badInput(`unknown int filter "${op}"`);
    return [{ [path]: { [mongo]: v } }];
  });
}

export const joinAnd = (parts: Document[]): Document =>
  parts.length === 0 ? {} : parts.length === 1 ? (parts[0] as Document) : { $and: parts };

/**
 * Compiles a V2 filter input (`{email: {contains: "x"}, OR: [...], NOT: [...]}`) to a MongoDB
 * query. Conditions in one input all hold; AND/OR combine lists; NOT excludes anything matching
 * any of its entries. Client values only ever land in value slots or escaped regexes.
 */
export async function compileV2Filter(
  input: Input,
  rules: FilterRules,
  lookup: Lookup,
): Promise<Document> {
  if (!input) return {};
  const parts: Document[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      const subs = await Promise.all(
        (value as Input[]).map((s) => compileV2Filter(s, rules, lookup)),
      );
      if (subs.length === 0) continue;
      parts.push(key === 'AND' ? { $and: subs } : key === 'OR' ? { $or: subs } : { $nor: subs });
      continue;
    }
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (!rule) throw badInput(`unsupported filter field "${key}"`);
    const f = value as Record<string, unknown>;
    switch (rule.kind) {
      case 'string':
        parts.push(...stringFilter(rule.path, f));
        break;
      case 'uuid':
        parts.push(...listFilter(rule.path, f, (v) => String(v).toLowerCase()));
        break;
      case 'enum':
        parts.push(...listFilter(rule.path, f, (v) => rule.values[String(v)] ?? String(v)));
        break;
      case 'bool':
        parts.push({ [rule.path]: { $eq: value } });
        break;
      case 'datetime':
        parts.push(...dateFilter(rule.path, f));
        break;
      case 'int':
        parts.push(...intFilter(rule.path, f));
        break;
      case 'nested':
        parts.push(await rule.resolve(f, lookup));
        break;
    }
  }
  return joinAnd(parts);
}

/** `[ {field, direction} ]` to sort pairs through a whitelist of order fields. */
export function compileV2Order(
  orderBy: V2OrderBy,
  fields: Record<string, string>,
  fallback: [string, 1 | -1][],
): [string, 1 | -1][] {
  if (!orderBy || orderBy.length === 0) return fallback;
  return orderBy.map((o) => {
    const path = Object.hasOwn(fields, o.field) ? fields[o.field] : undefined;
    if (!path) throw badInput(`unsupported order field "${o.field}"`);
    return [path, o.direction === 'ASC' ? 1 : -1];
  });
}
