import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

export interface MultiValued {
  value: string;
  primary?: boolean;
  type?: string;
}

export interface AccountRecord {
  id: string;
  userName: string;
  active: boolean;
  emails: MultiValued[];
  created: number; // epoch seconds
  lastModified: number;
}

/** The key for uniqueness: NFKC, then case-folded; the original is kept for display. */
export function uniqueKey(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

function primaryEmail(a: Pick<AccountRecord, 'emails'>): string | undefined {
  return (a.emails.find((e) => e.primary) ?? a.emails[0])?.value;
}

/** The only code that talks to Redis about accounts. Keys never embed unescaped input. */
export class AccountsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private accountKey(id: string): string {
    return `${this.prefix}account:${encodeURIComponent(id)}`;
  }

  private get primaryEmailIndex(): string {
    return `${this.prefix}idx:primary-email`;
  }

  async create(input: Omit<AccountRecord, 'id' | 'created' | 'lastModified'>): Promise<AccountRecord> {
    const now = Math.floor(Date.now() / 1000);
    const record: AccountRecord = { ...input, id: randomUUID(), created: now, lastModified: now };
    const email = primaryEmail(record);
    const tx = this.redis.multi().hset(this.accountKey(record.id), serialize(record));
    if (email) tx.hset(this.primaryEmailIndex, uniqueKey(email), record.id);
    await tx.exec();
    return record;
  }

  /** One pipeline for any number of ids, in the order asked. */
  async byIds(ids: readonly string[]): Promise<(AccountRecord | null)[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.accountKey(id));
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, raw]) => (err ? null : deserialize(raw as Record<string, string>)));
  }

  /** Account ids whose primary email matches, one round trip. */
  async idsByPrimaryEmails(emails: readonly string[]): Promise<(string | null)[]> {
    if (emails.length === 0) return [];
    return this.redis.hmget(this.primaryEmailIndex, ...emails.map(uniqueKey));
  }
}

function serialize(a: AccountRecord): Record<string, string> {
  return {
    id: a.id,
    userName: a.userName,
    active: a.active ? '1' : '0',
    emails: JSON.stringify(a.emails),
    created: String(a.created),
    lastModified: String(a.lastModified),
  };
}

function deserialize(raw: Record<string, string>): AccountRecord | null {
  if (!raw.id) return null;
  return {
    id: raw.id,
    userName: raw.userName ?? '',
    active: raw.active === '1',
    emails: JSON.parse(raw.emails ?? '[]') as MultiValued[],
    created: Number(raw.created),
    lastModified: Number(raw.lastModified),
  };
}
