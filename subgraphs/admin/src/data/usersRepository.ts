import type { ClientSession, Filter } from 'mongodb';
import { BaseRepository, type Page } from './baseRepository';
import type { UserDoc, UserStatus } from './documents';
import { MissingReferenceError } from './errors';
import type { MongoStore } from './mongo';
import type { Peers } from './peers';
import { and } from './minilangMongo';
import { eqAll, type ListQuery, oneOf, pageArgs } from './query';
import { createUser, modifyUser, type NewUser, purgeUser, softDeleteUser } from './userOperations';

export type { UserDoc } from './documents';
export type { NewUser } from './userOperations';

/** Which users a listing covers; every field left undefined means "any". */
export interface UserFilter {
  domain?: string;
  isActive?: boolean;
  status?: UserStatus;
  /** Members of this group only. */
  groupId?: string;
}

/** The `users` collection: unique email and username, an index behind every filter/order path. */
export class UsersRepository extends BaseRepository<UserDoc> {
  constructor(
    store: MongoStore,
    private readonly peers: Peers,
  ) {
    super(store, 'users', [
      { keys: { email: 1 }, name: 'email_unique', unique: true, field: 'email' },
      { keys: { username: 1 }, name: 'username_unique', unique: true, field: 'username' },
      { keys: { domain_name: 1, created_at: -1 }, name: 'domain_created' },
      { keys: { created_at: -1 }, name: 'created_at' },
      { keys: { modified_at: -1 }, name: 'modified_at' },
      { keys: { full_name: 1 }, name: 'full_name' },
      { keys: { role: 1 }, name: 'role' },
      { keys: { status: 1 }, name: 'status' },
      { keys: { is_active: 1 }, name: 'is_active' },
      { keys: { need_password_change: 1 }, name: 'need_password_change' },
      { keys: { resource_policy: 1 }, name: 'resource_policy' },
      { keys: { totp_activated: 1 }, name: 'totp_activated' },
      { keys: { sudo_session_enabled: 1 }, name: 'sudo_session_enabled' },
      { keys: { main_access_key: 1 }, name: 'main_access_key' },
    ]);
  }

  byEmails(emails: readonly string[]): Promise<(UserDoc | null)[]> {
    return this.byField('email', emails);
  }

  byIds(ids: readonly string[]): Promise<(UserDoc | null)[]> {
    return this.byField('_id', ids);
  }

  byEmail(email: string, session?: ClientSession): Promise<UserDoc | null> {
    return this.findOne({ email }, session);
  }

  /** The ids among `ids` of users in `domain` (only those may join the domain's groups). */
  async idsInDomain(ids: readonly string[], domain: string): Promise<string[]> {
    return (await this.find({ _id: { $in: [...ids] }, domain_name: domain })).map((u) => u._id);
  }

  /** Whether any user still belongs to the domain. */
  async anyInDomain(domain: string): Promise<boolean> {
    return (await this.findOne({ domain_name: domain })) !== null;
  }

  /** Whether some user has this as its main access key. */
  async anyWithMainKey(accessKey: string): Promise<boolean> {
    return (await this.findOne({ main_access_key: accessKey })) !== null;
  }

  private async scopeFilter(f: UserFilter): Promise<Filter<UserDoc>> {
    const members = f.groupId ? await this.peers.members.userIdsOf(f.groupId) : undefined;
    return and(
      eqAll({ domain_name: f.domain, is_active: f.isActive, status: f.status }),
      oneOf('_id', members),
    );
  }

  /** `users`: the newest 100 matches. */
  async listScoped(f: UserFilter): Promise<UserDoc[]> {
    return this.find(await this.scopeFilter(f), [['created_at', -1]], 100);
  }

  /** `user_list`: one page plus the total under the scope and the client's filter. */
  async pageScoped(f: UserFilter, q: ListQuery): Promise<Page<UserDoc>> {
    return this.page(...pageArgs<UserDoc>(await this.scopeFilter(f), q));
  }

  /** Upstream's foreign keys: a user's domain and resource policy must exist. */
  private async requireRefs(fields: Partial<UserDoc>): Promise<void> {
    if (fields.domain_name && !(await this.peers.domains.exists(fields.domain_name)))
      throw new MissingReferenceError('domain', fields.domain_name);
    if (fields.resource_policy && !(await this.peers.userPolicies.exists(fields.resource_policy)))
      throw new MissingReferenceError('user resource policy', fields.resource_policy);
  }

  /** The user, its main keypair and its memberships (groups of its own domain), atomically. */
  async create(input: NewUser, groupIds: readonly string[]): Promise<UserDoc> {
    await this.requireRefs(input);
    return createUser(this.peers, input, groupIds);
  }

  /** Applies `set` and, when given, replaces the memberships; null if no such user. */
  async modify(
    email: string,
    set: Partial<UserDoc>,
    groupIds?: readonly string[],
  ): Promise<UserDoc | null> {
    await this.requireRefs(set);
    return modifyUser(this.peers, email, set, groupIds);
  }

  /** delete_user: status deleted and every keypair deactivated; false if no such user. */
  softDelete(email: string): Promise<boolean> {
    return softDeleteUser(this.peers, email);
  }

  /** purge_user: the user with its keypairs, memberships and keypair associations. */
  purge(email: string): Promise<boolean> {
    return purgeUser(this.peers, email);
  }
}
