import type { ClientSession } from 'mongodb';
import { BaseRepository } from './baseRepository';
import type { GroupDoc, GroupMemberDoc } from './documents';
import type { MongoStore } from './mongo';

/** Groups (projects): name unique per domain. */
export class GroupsRepository extends BaseRepository<GroupDoc> {
  constructor(store: MongoStore) {
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
}
