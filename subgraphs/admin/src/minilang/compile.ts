import { GraphQLError } from 'graphql';
import type { Document } from 'mongodb';
import { type BinOp, type FilterNode, type Literal, parseFilter } from './filter';
import { syntaxError } from './lexer';
import { parseOrder } from './order';

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'uuid' | 'enum' | 'stringArray';

export interface FieldSpec {
  /** The stored path; only paths named here ever reach MongoDB. */
  path: string;
  type: FieldType;
  /** Stored enum values; clients may send a value or its NAME in any case. */
  values?: readonly string[];
  filter?: boolean;
  order?: boolean;
}

export type FieldMap = Record<string, FieldSpec>;

const CMP: Partial<Record<BinOp, string>> = {
  '==': '$eq',
  '!=': '$ne',
  '>': '$gt',
  '>=': '$gte',
  '<': '$lt',
  '<=': '$lte',
};

function inputError(message: string, pos: number): GraphQLError {
  return new GraphQLError(`${message} at position ${pos}`, {
    extensions: { code: 'BAD_USER_INPUT', position: pos },
  });
}

/**
 * Compiles a client filter string into a MongoDB query. Every path comes from `fields`, every
 * operator from the table above; client values are only ever scalars in `$eq`-style slots or
 * escaped regular expressions, so no client text becomes a Mongo operator.
 */
export function compileFilter(src: string, fields: FieldMap): Document {
  return compileNode(parseFilter(src), fields);
}

function compileNode(node: FilterNode, fields: FieldMap): Document {
  switch (node.kind) {
    case 'not':
      return { $nor: [compileNode(node.expr, fields)] };
    case 'and':
      return { $and: [compileNode(node.left, fields), compileNode(node.right, fields)] };
    case 'or':
      return { $or: [compileNode(node.left, fields), compileNode(node.right, fields)] };
    default:
      return compileCmp(node, fields);
  }
}

function compileCmp(node: Extract<FilterNode, { kind: 'cmp' }>, fields: FieldMap): Document {
  const spec = Object.hasOwn(fields, node.field) ? fields[node.field] : undefined;
  if (!spec || spec.filter === false) {
    throw inputError(`Unknown/unsupported field name "${node.field}" in filter`, node.pos);
  }
  const { op, pos } = node;
  if (op === 'is' || op === 'isnot') {
    if (node.value !== null && typeof node.value !== 'boolean')
      throw inputError(`"${op}" takes null, true or false`, pos);
    return { [spec.path]: { [op === 'is' ? '$eq' : '$ne']: node.value } };
  }
  if (op === 'in') {
    if (!Array.isArray(node.value)) throw inputError('"in" takes an array such as ["a", "b"]', pos);
    return { [spec.path]: { $in: node.value.map((v) => coerce(v, spec, node.field, pos)) } };
  }
  if (op === 'like' || op === 'ilike' || op === 'contains') {
    if (typeof node.value !== 'string') throw inputError(`"${op}" takes a string`, pos);
    if (spec.type === 'stringArray' && op === 'contains')
      return { [spec.path]: { $eq: node.value } };
    if (spec.type !== 'string' && spec.type !== 'enum' && spec.type !== 'uuid')
      throw inputError(`"${op}" needs a text field, "${node.field}" is not`, pos);
    const pattern = op === 'contains' ? escapeRegex(node.value) : `^${likeToRegex(node.value)}$`;
    return {
      [spec.path]: op === 'ilike' ? { $regex: pattern, $options: 'i' } : { $regex: pattern },
    };
  }
  const mongoOp = CMP[op] as string;
  return { [spec.path]: { [mongoOp]: coerce(node.value, spec, node.field, pos) } };
}

function coerce(value: Literal, spec: FieldSpec, field: string, pos: number): unknown {
  if (value === null) return null;
  const wrong = () =>
    inputError(
      `"${field}" is a ${spec.type === 'stringArray' ? 'string list' : spec.type} field, got ${JSON.stringify(value)}`,
      pos,
    );
  switch (spec.type) {
    case 'number':
      if (typeof value !== 'number') throw wrong();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong();
      return value;
    case 'date': {
      const d =
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
          ? new Date(value)
          : new Date(NaN);
      if (Number.isNaN(d.getTime())) throw wrong();
      return d;
    }
    case 'enum': {
      const v = typeof value === 'string' ? value.toLowerCase() : undefined;
      const hit = spec.values?.find(
        (s) => s.toLowerCase() === v || s.replace(/-/g, '_').toLowerCase() === v,
      );
      if (!hit)
        throw inputError(
          `"${field}" must be one of ${spec.values?.join(', ')}, got ${JSON.stringify(value)}`,
          pos,
        );
      return hit;
    }
    case 'uuid':
      if (typeof value !== 'string') throw wrong();
      return value.toLowerCase();
    default:
      if (typeof value !== 'string') throw wrong();
      return value;
  }
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** SQL LIKE: `%` is any run, `_` one character, everything else literal. */
function likeToRegex(s: string): string {
  return Array.from(s, (c) => (c === '%' ? '.*' : c === '_' ? '.' : escapeRegex(c))).join('');
}

export type SortSpec = [string, 1 | -1][];

/** Compiles `order` (or order_key/order_asc) to a sort over whitelisted, indexed paths. */
export function compileOrder(src: string, fields: FieldMap): SortSpec {
  return parseOrder(src).map((t) => {
    const spec = Object.hasOwn(fields, t.field) ? fields[t.field] : undefined;
    if (!spec || spec.order === false)
      throw syntaxError('order', `unknown/unsupported field name "${t.field}"`, t.pos);
    return [spec.path, t.ascending ? 1 : -1];
  });
}
