import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongodb';
import { BaseRepository } from './baseRepository';
import type { GroupDoc, GroupMemberDoc } from './documents';
import { MissingReferenceError } from './errors';
import { and } from './minilangMongo';
import type { MongoStore } from './mongo';
import type { Peers } from './peers';
import { eqAll, oneOf } from './query';

/** Which groups a listing covers; undefined fields mean "any". */
export interface GroupFilter {
  domain?: string;
  /** Only these groups (e.g. a plain user's own). */
  ids?: readonly string[];
  isActive?: boolean;
  types?: readonly string[];
}

export type NewGroup = Omit<GroupDoc, '_id' | 'created_at' | 'modified_at'>;

/** A membership change applied with a group modification. */
export interface MemberChange {
  mode: 'add' | 'remove';
  userIds: readonly string[];
}

/** Groups (projects): name unique per domain. */
export class GroupsRepository extends BaseRepository<GroupDoc> {
  constructor(
    store: MongoStore,
    private readonly peers: Peers,
  ) {
    super(store, 'groups', [
      {
        keys: { domain_name: 1, name: 1 },
        name: 'domain_name_name_unique',
        unique: true,
        field: 'name',
      },
      { keys: { name: 1 }, name: 'name' },
      { keys: { is_active: 1 }, name: 'is_active' },
    ]);
  }

  byIds(ids: readonly string[]): Promise<(GroupDoc | null)[]> {
    return this.byField('_id', ids);
  }

  /** groups_by_name: every group of that name, optionally in one domain. */
  byName(name: string, domain?: string): Promise<GroupDoc[]> {
    return this.find(eqAll({ name, domain_name: domain }));
  }

  /** `groups`: the matches ordered by name. */
  list(f: GroupFilter): Promise<GroupDoc[]> {
    const filter = and(
      eqAll({ domain_name: f.domain, is_active: f.isActive }),
      oneOf('_id', f.ids),
      f.types && f.types.length > 0 ? oneOf('type', f.types) : undefined,
    );
    return this.find(filter, [['name', 1]]);
  }

  /** Whether any group still belongs to the domain. */
  async anyInDomain(domain: string): Promise<boolean> {
    return (await this.findOne({ domain_name: domain })) !== null;
  }

  /** Creates the group in an existing domain (else MissingReferenceError). */
  async create(group: NewGroup): Promise<GroupDoc> {
    if (!(await this.peers.domains.exists(group.domain_name)))
      throw new MissingReferenceError('domain', group.domain_name);
    const now = new Date();
    return this.insert({ ...group, _id: randomUUID(), created_at: now, modified_at: now });
  }

  /**
   * Sets `set` on the group and adds or removes members, atomically. Only existing users of the
   * group's domain join it. Returns the updated group (null if it vanished meanwhile).
   */
  async modify(
    group: Pick<GroupDoc, '_id' | 'domain_name'>,
    set: Partial<GroupDoc>,
    members?: MemberChange,
  ): Promise<GroupDoc | null> {
    const ids =
      members?.mode === 'add'
        ? await this.peers.users.idsInDomain(members.userIds, group.domain_name)
        : (members?.userIds ?? []);
    return this.store.transaction(async (session) => {
      const g = await this.update({ _id: group._id }, { ...set, modified_at: new Date() }, session);
      if (members?.mode === 'add') await this.peers.members.add(group._id, ids, session);
      if (members?.mode === 'remove') await this.peers.members.remove(group._id, ids, session);
      return g;
    });
  }

  /** delete_group: marks the group inactive. */
  async deactivate(id: string): Promise<boolean> {
    return (await this.update({ _id: id }, { is_active: false, modified_at: new Date() })) !== null;
  }

  /** purge_group: the group with its memberships and scaling-group associations, atomically. */
  async purge(id: string): Promise<void> {
    await this.store.transaction(async (session) => {
      await this.peers.members.deleteMany({ group_id: id }, session);
      await this.peers.sgroupAssocs.removeOwner({ kind: 'group', id }, session);
      await this.deleteMany({ _id: id }, session);
    });
  }
}

/** User <-> group membership, one document per pair (no array updates needed). */
export class GroupMembersRepository extends BaseRepository<GroupMemberDoc> {
  constructor(store: MongoStore) {
    super(store, 'group_members', [
      { keys: { user_id: 1 }, name: 'user_id' },
      { keys: { group_id: 1 }, name: 'group_id' },
    ]);
  }

  /** Adds the memberships that do not exist yet: two round trips for any number of users. */
  async add(groupId: string, userIds: readonly string[], session?: ClientSession): Promise<void> {
    const ids = [...new Set(userIds)].map((uid) => ({
      _id: `${groupId}:${uid}`,
      group_id: groupId,
      user_id: uid,
    }));
    if (ids.length === 0) return;
    const existing = new Set(
      (await this.find({ _id: { $in: ids.map((d) => d._id) } }, undefined, undefined, session)).map(
        (d) => d._id,
      ),
    );
    await this.insertMany(
      ids.filter((d) => !existing.has(d._id)),
      session,
    );
  }

  async remove(
    groupId: string,
    userIds: readonly string[],
    session?: ClientSession,
  ): Promise<void> {
    await this.deleteMany({ group_id: groupId, user_id: { $in: [...userIds] } }, session);
  }

  async userIdsOf(groupId: string): Promise<string[]> {
    return (await this.find({ group_id: groupId })).map((m) => m.user_id);
  }

  /** The memberships of each user, in the order asked (one round trip). */
  byUsers(userIds: readonly string[]): Promise<GroupMemberDoc[][]> {
    return this.groupedBy('user_id', userIds);
  }
}
