import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { Resolvers } from '../generated/resolvers';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_RE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const bad = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function uuidValue(value: unknown): string {
  if (typeof value !== 'string' || !UUID_RE.test(value)) {
    throw bad(
      `UUID must be a string of 8-4-4-4-12 hexadecimal digits, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return value.toLowerCase();
}

function dateTimeOut(value: unknown): string {
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime()))
    throw new GraphQLError('DateTime cannot represent an invalid date');
  return d.toISOString();
}

function dateTimeIn(value: unknown): Date {
  const d = typeof value === 'string' && ISO_RE.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw bad(`DateTime must be an ISO-8601 string, got ${JSON.stringify(value) ?? String(value)}`);
  return d;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Integers within ±(2^53−1) only: anything else (2^53, fractions, strings) is refused, never rounded. */
function bigIntValue(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value <= SAFE && value >= -SAFE) return Number(value);
  throw bad(
    `BigInt must be an integer within ±(2^53−1), got ${typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? String(value))}`,
  );
}

function bigIntLiteral(ast: ValueNode): number {
  if (ast.kind !== Kind.INT)
    throw bad(`BigInt must be an integer literal within ±(2^53−1), got ${ast.kind}`);
  return bigIntValue(BigInt(ast.value));
}

function bigIntOut(value: unknown): number {
  try {
    return bigIntValue(typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value);
  } catch {
    throw new GraphQLError('BigInt cannot serialize an integer out of the safe range ±(2^53−1)');
  }
}

/** JSONString: a string holding JSON, in both directions; resolvers see the parsed value. */
function jsonIn(value: unknown): unknown {
  if (typeof value !== 'string')
    throw bad(`JSONString must be a string holding JSON, got ${typeof value}`);
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed;
  } catch (err) {
    throw bad(`JSONString holds invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const scalars = {
  UUID: new GraphQLScalarType({
    name: 'UUID',
    serialize: uuidValue,
    parseValue: uuidValue,
    parseLiteral: (ast) => uuidValue(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
  DateTime: new GraphQLScalarType({
    name: 'DateTime',
    serialize: dateTimeOut,
    parseValue: dateTimeIn,
    parseLiteral: (ast) => dateTimeIn(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
  BigInt: new GraphQLScalarType({
    name: 'BigInt',
    serialize: bigIntOut,
    parseValue: bigIntValue,
    parseLiteral: bigIntLiteral,
  }),
  JSONString: new GraphQLScalarType({
    name: 'JSONString',
    serialize: (value) => JSON.stringify(value),
    parseValue: jsonIn,
    parseLiteral: (ast) => jsonIn(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
} satisfies Resolvers;
