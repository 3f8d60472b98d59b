import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function longValue(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new GraphQLError('Long must be an integer within ±(2^53−1)');
  }
  return n;
}

export const scalars = {
  Long: new GraphQLScalarType({
    name: 'Long',
    serialize: longValue,
    parseValue: longValue,
    parseLiteral: (ast) => longValue(ast.kind === Kind.INT ? ast.value : undefined),
  }),
};
