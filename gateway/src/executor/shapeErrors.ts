import { ERRORS } from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

export type ShapeError = GraphQLError;

const about = {
  null: 'Cannot return null for non-nullable',
  value: 'Invalid value found for',
  typename: 'Invalid __typename found for object at',
};

/** The value-completion errors of @apollo/gateway's result shaping, word for word. */
export function shapeError(
  kind: keyof typeof about,
  path: readonly (string | number)[],
  typeLabel: string,
  parentType: string,
): ShapeError {
  const last = path[path.length - 1];
  const where =
    typeof last === 'string'
      ? `field ${parentType}.${last}`
      : `array element of type ${typeLabel} at index ${last}`;
  return ERRORS.INVALID_GRAPHQL.err(`${about[kind]} ${where}.`, { path: Array.from(path) });
}
