import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from '../../generated/resolvers';

/** A string-only scalar: anything else is an input error, not a crash further in. */
function stringScalar(name: string, description: string): GraphQLScalarType {
  const fail = () =>
    new GraphQLError(`${name} must be a string`, { extensions: { code: 'BAD_USER_INPUT' } });
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => String(v),
    parseValue: (v) => {
      if (typeof v !== 'string') throw fail();
      return v;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw fail();
      return ast.value;
    },
  });
}

export const relayScalars = {
  GlobalIDField: stringScalar('GlobalIDField', 'A Relay global ID or a plain id.'),
  ScopeField: stringScalar('ScopeField', 'system, domain:<name>, project:<uuid> or user:<uuid>.'),
  GroupPermissionField: stringScalar('GroupPermissionField', 'A group permission name.'),
  DomainPermissionValueField: stringScalar(
    'DomainPermissionValueField',
    'A domain permission name.',
  ),
  ImagePermissionValueField: stringScalar('ImagePermissionValueField', 'An image permission name.'),
  AgentPermissionField: stringScalar('AgentPermissionField', 'An agent permission name.'),
  SessionPermissionValueField: stringScalar(
    'SessionPermissionValueField',
    'A session permission name.',
  ),
} satisfies Resolvers;
