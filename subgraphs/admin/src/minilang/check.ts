import { GraphQLError } from 'graphql';
import type { Comparison, Condition, SortSpec } from './condition';
import { type BinOp, type FilterNode, type Literal, parseFilter } from './filter';
import { syntaxError } from './lexer';
import { parseOrder } from './order';

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'uuid' | 'enum' | 'stringArray';

export interface FieldSpec {
  /** The stored path; only paths named here ever reach the store. */
  path: string;
  type: FieldType;
  /** Stored enum values; clients may send a value or its NAME in any case. */
  values?: readonly string[];
  filter?: boolean;
  order?: boolean;
}

export type FieldMap = Record<string, FieldSpec>;

const CMP: Partial<Record<BinOp, Comparison>> = {
  '==': 'eq',
  '!=': 'ne',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
};

function inputError(message: string, pos: number): GraphQLError {
  return new GraphQLError(`${message} at position ${pos}`, {
    extensions: { code: 'BAD_USER_INPUT', position: pos },
  });
}

/**
 * Checks a client filter string against `fields`: every path comes from the whitelist, every
 * operator from the grammar, every value is coerced to the field's type. Client text only ever
 * ends up as a value, never as a path or operator.
 */
export function checkFilter(src: string, fields: FieldMap): Condition {
  return checkNode(parseFilter(src), fields);
}

function checkNode(node: FilterNode, fields: FieldMap): Condition {
  switch (node.kind) {
    case 'not':
      return { kind: 'not', operand: checkNode(node.expr, fields) };
    case 'and':
    case 'or':
      return {
        kind: node.kind,
        left: checkNode(node.left, fields),
        right: checkNode(node.right, fields),
      };
    default:
      return checkCmp(node, fields);
  }
}

function checkCmp(node: Extract<FilterNode, { kind: 'cmp' }>, fields: FieldMap): Condition {
  const spec = Object.hasOwn(fields, node.field) ? fields[node.field] : undefined;
  if (!spec || spec.filter === false) {
    throw inputError(`Unknown/unsupported field name "${node.field}" in filter`, node.pos);
  }
  const { op, pos } = node;
  const path = spec.path;
  if (op === 'is' || op === 'isnot') {
    if (node.value !== null && typeof node.value !== 'boolean')
      throw inputError(`"${op}" takes null, true or false`, pos);
    return { kind: 'compare', path, op: op === 'is' ? 'eq' : 'ne', value: node.value };
  }
  if (op === 'in') {
    if (!Array.isArray(node.value)) throw inputError('"in" takes an array such as ["a", "b"]', pos);
    return { kind: 'in', path, values: node.value.map((v) => coerce(v, spec, node.field, pos)) };
  }
  if (op === 'like' || op === 'ilike' || op === 'contains') {
    if (typeof node.value !== 'string') throw inputError(`"${op}" takes a string`, pos);
    if (spec.type === 'stringArray' && op === 'contains')
      return { kind: 'compare', path, op: 'eq', value: node.value };
    if (spec.type !== 'string' && spec.type !== 'enum' && spec.type !== 'uuid')
      throw inputError(`"${op}" needs a text field, "${node.field}" is not`, pos);
    return {
      kind: 'text',
      path,
      match: op === 'contains' ? 'contains' : 'like',
      text: node.value,
      ignoreCase: op === 'ilike',
    };
  }
  const cmp = CMP[op] as Comparison;
  return { kind: 'compare', path, op: cmp, value: coerce(node.value, spec, node.field, pos) };
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

/** Compiles `order` (or order_key/order_asc) to a sort over whitelisted, indexed paths. */
export function compileOrder(src: string, fields: FieldMap): SortSpec {
  return parseOrder(src).map((t) => {
    const spec = Object.hasOwn(fields, t.field) ? fields[t.field] : undefined;
    if (!spec || spec.order === false)
      throw syntaxError('order', `unknown/unsupported field name "${t.field}"`, t.pos);
    return [spec.path, t.ascending ? 1 : -1];
  });
}
