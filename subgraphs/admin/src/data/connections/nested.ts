import DataLoader from 'dataloader';
import type { Document } from 'mongodb';
import type { GroupMemberDoc } from '../documents';
import type { SortPairs } from '../listing';
import { allOf } from './mongoFilter';
import type { ConnectionStore } from './reader';
import { type Connection, connectionOf, type PageWindow, planWindow } from './window';

/** Which side of the group membership a nested connection lists. */
export interface MembershipSide {
  /** The nested field, part of every cursor's shape. */
  field: string;
  /** The membership field holding the parent's id, and the one holding the child's. */
  parentKey: 'user_id' | 'group_id';
  childKey: 'user_id' | 'group_id';
  collection: 'users' | 'groups';
}

/** Children that name their parent (e.g. a domain's users). */
export interface GroupedSide {
  field: string;
  collection: string;
  /** The child's field holding the parent's id (e.g. `domain_name`). */
  parentPath: string;
}

export interface NestedQuery {
  /** The caller's visibility over children plus the client's filter. */
  filter: Document;
  sort: SortPairs;
}

/**
 * Nested connections batched over a page, one instance per request: the children of every
 * parent on the page in a constant number of queries per distinct (field, filter, order), then
 * each parent's connection paged in memory with its own signed cursors.
 */
export class NestedPages {
  private readonly loaders = new Map<string, DataLoader<string, unknown[]>>();

  constructor(private readonly reads: ConnectionStore) {}

  private loaderFor(key: string, batch: (parents: readonly string[]) => Promise<unknown[][]>) {
    let loader = this.loaders.get(key);
    if (!loader) this.loaders.set(key, (loader = new DataLoader<string, unknown[]>(batch)));
    return loader;
  }

  /** Through the memberships: memberships of all parents, then the matching children in order. */
  async viaMembership<T extends { _id: string }>(
    side: MembershipSide,
    parentId: string,
    q: NestedQuery,
    window: PageWindow,
  ): Promise<Connection<T>> {
    const plan = planWindow(this.reads.cursors, window, [side.field, parentId, q.filter, q.sort]);
    const key = JSON.stringify(['membership', side.field, q.filter, q.sort]);
    const loader = this.loaderFor(key, async (parents) => {
      const members = await this.reads.find<GroupMemberDoc>('group_members', {
        [side.parentKey]: { $in: [...parents] },
      });
      const childIds = [...new Set(members.map((m) => m[side.childKey]))];
      const children = await this.reads.all<T>(
        side.collection,
        allOf(q.filter, { _id: { $in: childIds } }),
        q.sort,
      );
      return parents.map((p) => {
        const mine = new Set(
          members.filter((m) => m[side.parentKey] === p).map((m) => m[side.childKey]),
        );
        return children.filter((c) => mine.has(c._id));
      });
    });
    return connectionOf(this.reads.cursors, plan, (await loader.load(parentId)) as T[]);
  }

  /** Children naming their parent: one query per distinct filter/order. */
  async byParentField<T extends object>(
    side: GroupedSide,
    parentId: string,
    q: NestedQuery,
    window: PageWindow,
  ): Promise<Connection<T>> {
    const plan = planWindow(this.reads.cursors, window, [side.field, parentId, q.filter, q.sort]);
    const key = JSON.stringify(['grouped', side.field, q.filter, q.sort]);
    const loader = this.loaderFor(key, async (parents) => {
      const children = await this.reads.all<T>(
        side.collection,
        allOf(q.filter, { [side.parentPath]: { $in: [...parents] } }),
        q.sort,
      );
      return parents.map((p) =>
        children.filter((c) => (c as Record<string, unknown>)[side.parentPath] === p),
      );
    });
    return connectionOf(this.reads.cursors, plan, (await loader.load(parentId)) as T[]);
  }
}
