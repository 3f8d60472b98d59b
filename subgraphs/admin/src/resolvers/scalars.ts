import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidValue(value: unknown): string {
  if (typeof value !== 'string' || !UUID_RE.test(value)) {
    throw new GraphQLError('UUID must be a string of 8-4-4-4-12 hexadecimal digits');
  }
  return value.toLowerCase();
}

function dateTimeOut(value: unknown): string {
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
  return d.toISOString();
}

function dateTimeIn(value: unknown): Date {
  const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
  return d;
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
};
