import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function longValue(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new GraphQLError('Long must be an integer within ±(2^53−1)');
  }
  return n;
}

function objectValue(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new GraphQLError('Object must be a JSON object');
  return value as Record<string, unknown>;
}

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.BOOLEAN:
      return ast.value;
    default:
      return null;
  }
}

export const scalars = {
  Long: new GraphQLScalarType({
    name: 'Long',
    serialize: longValue,
    parseValue: longValue,
    parseLiteral: (ast) => longValue(ast.kind === Kind.INT ? ast.value : undefined),
  }),
  Object: new GraphQLScalarType({
    name: 'Object',
    serialize: objectValue,
    parseValue: objectValue,
    parseLiteral: (ast) => objectValue(literal(ast)),
  }),
};
