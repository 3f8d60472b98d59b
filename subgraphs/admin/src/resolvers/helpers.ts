import type { GraphQLResolveInfo } from 'graphql';
import { isStoreUnavailable } from '@fedmgmt/service-kit';
import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import { ReportedWriteError, reportedMessage } from '../data/errors';
import type { ListQuery } from '../data/query';
import type { QueryUser_ListArgs } from '../generated/resolvers';
import { checkFilter, compileOrder, type FieldMap } from '../minilang/compile';
import { denied, mayExecute, type MutationResult } from '../rules';

/** The paging arguments every *_list field declares alike in the SDL. */
export type ListArgs = Pick<
  QueryUser_ListArgs,
  'limit' | 'offset' | 'filter' | 'order' | 'order_key' | 'order_asc'
>;

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * The *_list conventions: offset/limit must not be negative; limit is capped at the server's
 * maximum (ADMIN_LIST_LIMIT_MAX, default 100); `order` wins over order_key/order_asc; a null
 * order means the type's default, an empty string no ordering. The filter is checked here
 * (BAD_USER_INPUT) and compiled by the repository.
 */
export function listQuery(
  ctx: AdminContext,
  args: ListArgs,
  fields: FieldMap,
  defaultOrder: string,
): ListQuery {
  if (!Number.isInteger(args.offset) || args.offset < 0)
    throw badInput(`offset must be a non-negative integer, got ${args.offset}`);
  if (!Number.isInteger(args.limit) || args.limit < 0)
    throw badInput(`limit must be a non-negative integer, got ${args.limit}`);
  const where = args.filter ? checkFilter(args.filter, fields) : null;
  let order = args.order;
  if (order === null || order === undefined) {
    order = args.order_key
      ? `${args.order_asc === false ? '-' : '+'}${args.order_key}`
      : defaultOrder;
  }
  const sort = compileOrder(order, fields);
  return {
    where,
    sort: sort.length > 0 ? sort : undefined,
    offset: args.offset,
    limit: Math.min(args.limit, ctx.listLimitMax),
  };
}

/** A list page as the *_list fields answer it. */
export const listPage = <T>(page: { items: T[]; total: number }) => ({
  items: page.items,
  total_count: page.total,
});

type Handler<A, R> = (args: A, ctx: AdminContext) => Promise<R>;

/**
 * Wraps a mutation: role check first (a denied mutation answers `{ok:false, msg:"no permission
 * to execute <field>"}` as data), then the handler; integrity problems become
 * `{ok:false, msg:"integrity error: …"}`, a write that was refused `"not applied: …"` and a write
 * whose commit went unanswered `"outcome unknown: …"` (see data/errors.ts), never a 500.
 */
export function mutation<A, R extends MutationResult>(handler: Handler<A, R | MutationResult>) {
  return async (
    _: unknown,
    args: A,
    ctx: AdminContext,
    info: GraphQLResolveInfo,
  ): Promise<R | MutationResult> => {
    if (!mayExecute(ctx.auth, info.fieldName)) return denied(info.fieldName);
    try {
      return await handler(args, ctx);
    } catch (err) {
      if (err instanceof ReportedWriteError) return { ok: false, msg: reportedMessage(err) };
      if (err instanceof GraphQLError) throw err;
      // A store outage answers SERVICE_UNAVAILABLE / OUTCOME_UNKNOWN (service-kit), not ok:false.
      if (isStoreUnavailable(err)) throw err;
      ctx.logger.error(
        { err: err instanceof Error ? err.message : String(err), field: info.fieldName },
        'mutation failed',
      );
      return { ok: false, msg: 'unexpected error: the change could not be applied' };
    }
  };
}

export const success = { ok: true, msg: 'success' } as const;
export const noMatch = (what: string): MutationResult => ({
  ok: false,
  msg: `no matching ${what}`,
});

/** The text items of a `[String]` argument: a null item names nothing. */
export const textItems = (list: readonly (string | null | undefined)[]): string[] =>
  list.filter((v): v is string => typeof v === 'string');

/** Drops undefined props (GraphQL omitted them) so an update only touches what the client sent. */
export function defined<T extends object>(props: T): Partial<T> {
  // Object.fromEntries types its entries loosely; only undefined values were dropped.
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** JSONString fields are stored as JSON text (no client keys ever become Mongo field names). */
export function encodeJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function decodeJson(stored: unknown): unknown {
  if (typeof stored !== 'string') return stored ?? null;
  try {
    const value: unknown = JSON.parse(stored);
    return value;
  } catch {
    return stored;
  }
}

/** A stored document that may hold the fields `K`. */
type Holding<K extends string> = { _id: string } & Partial<Record<K, unknown>>;

/** Field resolvers that decode stored JSON text for the JSONString scalar. */
export function jsonFields<K extends string>(
  ...names: K[]
): Record<K, (doc: Holding<K>) => unknown> {
  // Object.fromEntries types its keys as string; they are exactly `names`.
  return Object.fromEntries(
    names.map((n) => [n, (doc: Holding<K>) => decodeJson(doc[n])]),
  ) as Record<K, (doc: Holding<K>) => unknown>;
}

/** What a client may send for a stored field: the SDL admits null for it and for list items. */
type Sent<V> = V extends readonly (infer E)[] ? (E | null)[] : V;
export type Patch<D> = { [K in keyof D]?: Sent<D[K]> | null };

/**
 * What a write sets on a stored document D: the props the client sent (omitted ones dropped),
 * the `json` props encoded as JSON text; a null the client sent is stored as sent.
 */
export function patchOf<D>(props: Patch<D>, json: readonly string[] = []): Partial<D> {
  // D's types do not admit the nulls the SDL lets a client send; they are stored as sent.
  return encodeProps(defined(props), json) as Partial<D>;
}

/** Encodes the named props of an input as JSON text, leaving the rest as they are. */
export function encodeProps<T extends object>(
  props: T,
  names: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [
      k,
      names.includes(k) && v !== undefined ? encodeJson(v) : v,
    ]),
  );
}

/**
 * A stored or input scalar as text: a string as it is; a number, bigint or boolean as String()
 * writes it; null, undefined or a non-scalar (which would read "[object Object]") as `fallback`.
 */
export function textOf(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return fallback;
}
