import type { ClientSession } from 'mongodb';
import { BaseRepository } from './baseRepository';
import type { UserDoc } from './documents';
import type { MongoStore } from './mongo';

export type { UserDoc } from './documents';

/** The `users` collection: unique email and username, an index behind every filter/order path. */
export class UsersRepository extends BaseRepository<UserDoc> {
  constructor(store: MongoStore) {
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
}
