import { GraphQLError } from 'graphql';
import { textOf } from './helpers';

/**
 * Readers for the untyped fields of stored records (RecordDoc): each answers what the SDL field
 * takes, so resolvers over records need no casts.
 */

/** A stored scalar as text, null when absent (a String field's answer). */
export const textOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : textOf(v);

/** A stored list (empty for anything else). */
export const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A stored list of strings, null items kept (empty for anything but a list). */
export const textList = (v: unknown): (string | null)[] => listOf(v).map(textOrNull);

/** The entries of a stored object (none for anything else). */
export const entriesOf = (v: unknown): [string, unknown][] =>
  v !== null && typeof v === 'object' ? Object.entries(v) : [];

/** A stored timestamp as the DateTime scalar takes it (a Date or ISO text), null when absent. */
export const timeOrNull = (v: unknown): Date | string | null =>
  v instanceof Date || typeof v === 'string' ? v : null;

/** A stored timestamp of a non-null DateTime field; a missing one fails the field, as graphql-js would. */
export function timeOf(v: unknown, field: string): Date | string {
  const t = timeOrNull(v);
  if (t === null) throw new GraphQLError(`Cannot return null for non-nullable field ${field}.`);
  return t;
}

/** `value` as one of an enum's `members`; anything else fails the field, as graphql-js would. */
export function enumValue<T extends string>(
  enumName: string,
  members: readonly T[],
  value: unknown,
): T {
  const hit = members.find((m) => m === value);
  if (hit === undefined)
    throw new GraphQLError(`Enum "${enumName}" cannot represent value: ${JSON.stringify(value)}`);
  return hit;
}

/** The `values` that are members of an enum, in their order (the others dropped). */
export const membersOf = <T extends string>(
  members: readonly T[],
  values: readonly unknown[],
): T[] => values.flatMap((v) => members.filter((m) => m === v));
