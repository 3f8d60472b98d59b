import DataLoader from 'dataloader';
import type { Document } from 'mongodb';
import type { AdminContext } from '../../context';
import type { SortPairs } from '../../data/listing';
import { and } from '../helpers';
import { type Connection, type ConnectionArgs, connectionOf, planWindow } from './connection';

/** Which side of the group membership a nested connection lists. */
export interface MembershipSide {
  /** The nested field, part of every cursor's shape. */
  field: string;
  /** The membership field holding the parent's id, and the one holding the child's. */
  parentKey: 'user_id' | 'group_id';
  childKey: 'user_id' | 'group_id';
  collection: 'users' | 'groups';
}

export interface NestedQuery {
  /** The caller's visibility over children plus the client's filter. */
  filter: Document;
  sort: SortPairs;
}

const loaders = new WeakMap<AdminContext, Map<string, DataLoader<string, unknown[]>>>();

/**
 * The children of many parents (e.g. the members of every group on a page) in two queries per
 * distinct (side, filter, order): memberships of all parents, then the matching children in
 * order. Each parent's connection is then paged in memory with its own signed cursors.
 */
export async function membershipConnection<T extends { _id: string }>(
  ctx: AdminContext,
  side: MembershipSide,
  parentId: string,
  q: NestedQuery,
  args: ConnectionArgs,
): Promise<Connection<T>> {
  const plan = planWindow(ctx, args, [side.field, parentId, q.filter, q.sort]);
  const key = JSON.stringify([side.field, q.filter, q.sort]);
  let byKey = loaders.get(ctx);
  if (!byKey) loaders.set(ctx, (byKey = new Map<string, DataLoader<string, unknown[]>>()));
  let loader = byKey.get(key);
  if (!loader) {
    loader = new DataLoader<string, unknown[]>(async (parents) => {
      const members = await ctx.repos.members.find({ [side.parentKey]: { $in: [...parents] } });
      const childIds = [...new Set(members.map((m) => m[side.childKey]))];
      const children = await ctx.repos.listing.all<T>(
        side.collection,
        and(q.filter, { _id: { $in: childIds } }),
        q.sort,
      );
      return parents.map((p) => {
        const mine = new Set(
          members.filter((m) => m[side.parentKey] === p).map((m) => m[side.childKey]),
        );
        return children.filter((c) => mine.has(c._id));
      });
    });
    byKey.set(key, loader);
  }
  return connectionOf(ctx, plan, (await loader.load(parentId)) as T[]);
}

export interface GroupedSide {
  field: string;
  collection: string;
  /** The child's field holding the parent's id (e.g. `domain_name`). */
  parentPath: string;
}

const grouped = new WeakMap<AdminContext, Map<string, DataLoader<string, unknown[]>>>();

/** Children that name their parent (e.g. a domain's users): one query per distinct filter/order. */
export async function groupedConnection<T extends object>(
  ctx: AdminContext,
  side: GroupedSide,
  parentId: string,
  q: NestedQuery,
  args: ConnectionArgs,
): Promise<Connection<T>> {
  const plan = planWindow(ctx, args, [side.field, parentId, q.filter, q.sort]);
  const key = JSON.stringify([side.field, q.filter, q.sort]);
  let byKey = grouped.get(ctx);
  if (!byKey) grouped.set(ctx, (byKey = new Map<string, DataLoader<string, unknown[]>>()));
  let loader = byKey.get(key);
  if (!loader) {
    loader = new DataLoader<string, unknown[]>(async (parents) => {
      const children = await ctx.repos.listing.all<T>(
        side.collection,
        and(q.filter, { [side.parentPath]: { $in: [...parents] } }),
        q.sort,
      );
      return parents.map((p) =>
        children.filter((c) => (c as Record<string, unknown>)[side.parentPath] === p),
      );
    });
    byKey.set(key, loader);
  }
  return connectionOf(ctx, plan, (await loader.load(parentId)) as T[]);
}
