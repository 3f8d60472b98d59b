import { GraphQLError } from 'graphql';
import { PositionCursors } from '../positionCursors';

/** Relay arguments (graphene and V2), plus V2's `limit`, an alias of `first` for offset paging. */
export interface ConnectionArgs {
  offset?: number | null;
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  limit?: number | null;
}

/** The page a client asks for, who asks (part of every cursor's shape) and the server's maximum. */
export interface PageWindow {
  args: ConnectionArgs;
  caller: { uuid: string; role: string; domain: string } | undefined;
  max: number;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  count: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const badInput = (message: string, argument: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });

function nonNegative(args: ConnectionArgs, name: keyof ConnectionArgs): number | undefined {
  const v = args[name];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw badInput(`${name} must be a non-negative integer, got ${String(v)}`, name);
  return v;
}

/** Where a page starts and ends, decided before (or without) reading the store. */
export interface WindowPlan {
  shape: string;
  /** The page's [start, end) for a result of `total` items. */
  range(total: number): { start: number; end: number };
}

/**
 * `after`/`before` bound the range, `offset` skips into it, then `first` (or `limit`) takes from
 * the front or `last` from the back, at most the server's list maximum. `shapeParts` name the
 * query (field, filter, order, parent); the caller's identity is always part of the shape.
 */
export function planWindow(
  cursors: PositionCursors,
  window: PageWindow,
  shapeParts: unknown[],
): WindowPlan {
  const { args, caller: me, max } = window;
  const offset = nonNegative(args, 'offset') ?? 0;
  const limit = nonNegative(args, 'limit');
  const first = nonNegative(args, 'first') ?? limit;
  const last = nonNegative(args, 'last');
  if (first !== undefined && last !== undefined)
    throw badInput('Use either first (or limit) or last, not both', 'last');
  const shape = PositionCursors.shape([
    me?.uuid ?? null,
    me?.role ?? null,
    me?.domain ?? null,
    ...shapeParts,
  ]);
  const afterPos = args.after ? cursors.decode(args.after, shape, 'after') : undefined;
  const beforePos = args.before ? cursors.decode(args.before, shape, 'before') : undefined;
  return {
    shape,
    range(total) {
      const lo = Math.min((afterPos === undefined ? 0 : afterPos + 1) + offset, total);
      const hi = Math.max(lo, Math.min(beforePos ?? total, total));
      if (last !== undefined) return { start: Math.max(lo, hi - Math.min(last, max)), end: hi };
      return { start: lo, end: Math.min(hi, lo + Math.min(first ?? max, max)) };
    },
  };
}

/** Edges with signed cursors for `docs`, which sit at `start` in a result of `total`. */
export function buildConnection<T>(
  cursors: PositionCursors,
  shape: string,
  start: number,
  docs: T[],
  total: number,
): Connection<T> {
  const edges = docs.map((node, i) => ({ node, cursor: cursors.encode(shape, start + i) }));
  return {
    edges,
    count: total,
    pageInfo: {
      hasNextPage: start + docs.length < total,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Pages an already ordered in-memory list (nested connections, fetched in one batch). */
export function connectionOf<T>(
  cursors: PositionCursors,
  plan: WindowPlan,
  ordered: T[],
): Connection<T> {
  const { start, end } = plan.range(ordered.length);
  return buildConnection(cursors, plan.shape, start, ordered.slice(start, end), ordered.length);
}
