import type { Collection } from 'mongodb';
import type { MongoStore } from './mongo';

export interface UserDoc {
  _id: string; // the user's uuid
  email: string;
  username: string;
  full_name: string;
  role: 'superadmin' | 'admin' | 'user' | 'monitor';
  domain_name: string;
  is_active: boolean;
  created_at: Date;
  modified_at: Date;
}

/** The only code that touches the `users` collection. */
export class UsersRepository {
  private readonly users: Collection<UserDoc>;

  constructor(private readonly store: MongoStore) {
    this.users = store.db.collection<UserDoc>('users');
  }

  async ensureIndexes(): Promise<void> {
    await this.users.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await this.users.createIndex({ username: 1 }, { unique: true, name: 'username_unique' });
  }

  /** One round trip for any number of emails; returns them in the order asked. */
  async byEmails(emails: readonly string[]): Promise<(UserDoc | null)[]> {
    const docs = await this.users
      .find({ email: { $in: [...emails] } }, { maxTimeMS: this.store.maxTimeMS })
      .toArray();
    const byEmail = new Map(docs.map((d) => [d.email, d]));
    return emails.map((e) => byEmail.get(e) ?? null);
  }

  async byIds(ids: readonly string[]): Promise<(UserDoc | null)[]> {
    const docs = await this.users
      .find({ _id: { $in: [...ids] } }, { maxTimeMS: this.store.maxTimeMS })
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async insert(doc: UserDoc): Promise<void> {
    await this.users.insertOne(doc);
  }
}
