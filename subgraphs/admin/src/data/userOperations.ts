import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongodb';
import type { KeyPairDoc, UserDoc } from './documents';
import { generateKeypair } from './keypairsRepository';
import type { Peers } from './peers';

export type NewUser = Omit<UserDoc, '_id' | 'created_at' | 'modified_at' | 'main_access_key'>;

/** Only groups of the user's own domain are joined, as upstream. */
async function groupsInDomain(
  repos: Peers,
  ids: readonly string[],
  domain: string,
  session: ClientSession,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const groups = await repos.groups.find(
    { _id: { $in: [...ids.map((i) => i.toLowerCase())] }, domain_name: domain },
    undefined,
    undefined,
    session,
  );
  return groups.map((g) => g._id);
}

/** Creates the user, its main keypair and its memberships in one transaction (references checked by the caller). */
export async function createUser(
  repos: Peers,
  input: NewUser,
  groupIds: readonly string[],
): Promise<UserDoc> {
  return repos.store.transaction(async (session) => {
    const now = new Date();
    const { accessKey, secretKey } = generateKeypair();
    const user: UserDoc = {
      _id: randomUUID(),
      ...input,
      main_access_key: accessKey,
      created_at: now,
      modified_at: now,
    };
    await repos.users.insert(user, session);
    await repos.keypairs.create(
      {
        access_key: accessKey,
        secret_key: secretKey,
        user_id: user.email,
        user: user._id,
        domain_name: user.domain_name,
        is_active: user.is_active,
        is_admin: user.role === 'superadmin' || user.role === 'admin',
        resource_policy: 'default',
        rate_limit: 30_000,
      },
      session,
    );
    for (const gid of await groupsInDomain(repos, groupIds, user.domain_name, session))
      await repos.members.add(gid, [user._id], session);
    return user;
  });
}

/** Applies `set` and, when given, replaces the group memberships; returns null if no such user. */
export async function modifyUser(
  repos: Peers,
  email: string,
  set: Partial<UserDoc>,
  groupIds?: readonly string[],
): Promise<UserDoc | null> {
  const updated = await repos.store.transaction(async (session) => {
    const user = await repos.users.update({ email }, { ...set, modified_at: new Date() }, session);
    if (!user) return null;
    const owner: Partial<KeyPairDoc> = { user_id: user.email, domain_name: user.domain_name };
    if (set.email || set.domain_name)
      await repos.keypairs.updateMany({ user: user._id }, owner, session);
    if (groupIds === undefined) return user;
    await repos.members.deleteMany({ user_id: user._id }, session);
    for (const gid of await groupsInDomain(repos, groupIds, user.domain_name, session))
      await repos.members.add(gid, [user._id], session);
    return user;
  });
  if (updated) await invalidateUserKeypairs(repos, updated._id);
  return updated;
}

/** delete_user: status deleted, and every keypair of the user deactivated, atomically. */
export async function softDeleteUser(repos: Peers, email: string): Promise<boolean> {
  const user = await repos.store.transaction(async (session) => {
    const u = await repos.users.update(
      { email },
      { status: 'deleted', is_active: false, modified_at: new Date() },
      session,
    );
    if (u)
      await repos.keypairs.updateMany(
        { user: u._id },
        { is_active: false, modified_at: new Date() },
        session,
      );
    return u;
  });
  if (user) await invalidateUserKeypairs(repos, user._id);
  return user !== null;
}

/** purge_user: the user, its keypairs, memberships and keypair associations, atomically. */
export async function purgeUser(repos: Peers, email: string): Promise<boolean> {
  const gone = await repos.store.transaction(async (session) => {
    const user = await repos.users.findOne({ email }, session);
    if (!user) return null;
    const keys = await repos.keypairs.accessKeysOf(user._id, session);
    await repos.sgroupAssocs.removeKeypairs(keys, session);
    await repos.keypairs.deleteMany({ user: user._id }, session);
    await repos.members.deleteMany({ user_id: user._id }, session);
    await repos.users.deleteMany({ _id: user._id }, session);
    return keys;
  });
  if (gone) await repos.signals.invalidate(gone);
  return gone !== null;
}

async function invalidateUserKeypairs(repos: Peers, uuid: string): Promise<void> {
  await repos.signals.invalidate(await repos.keypairs.accessKeysOf(uuid));
}
