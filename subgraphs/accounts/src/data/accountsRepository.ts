import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { ConstraintViolation, type UniqueField } from '../errors';
import {
  type AccountRecord,
  type AccountRow,
  AccountKeys,
  type NewAccount,
  hashFields,
  indexEntries,
  UNIQUE_POSITION,
} from './accountModel';
import { phoneKey, uniqueKey } from './normalize';
import { defineScripts, type WriteMode, type WriteResult } from './redis';

export type { AccountRecord, AccountRow } from './accountModel';
export { uniqueKey } from './normalize';

const FIELD_AT: Record<string, UniqueField> = Object.fromEntries(
  Object.entries(UNIQUE_POSITION).map(([field, pos]) => [String(pos), field as UniqueField]),
);
const MAX_RETRIES = 40;

/** A short random pause before retrying a stale write, growing with the attempt, so racers spread out. */
function backoff(attempt: number): Promise<void> {
  return attempt === 0
    ? Promise.resolve()
    : new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 10) * 2));
}

export class StaleWrite extends Error {}

/** The only code that talks to Redis about accounts. Keys never embed unescaped input. */
export class AccountsRepository {
  readonly keys: AccountKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new AccountKeys(prefix);
    if (typeof (redis as Partial<Redis>).entityWrite !== 'function') defineScripts(redis); // callers may pass a bare client
  }

  private async write(
    mode: WriteMode,
    r: AccountRecord,
    expectedVer: string,
    pw: string,
  ): Promise<WriteResult> {
    const ix = JSON.stringify(indexEntries(r));
    const keys = this.keys.writeKeys(r.id);
    const fields = mode === 'delete' ? [] : hashFields(r, ix, Number(expectedVer || '0') + 1, pw);
    return this.redis.entityWrite(keys.length, ...keys, mode, r.id, expectedVer, ix, ...fields);
  }

  /** Creates the account atomically with its unique keys and indexes, or throws ConstraintViolation. */
  async create(input: NewAccount, pwHash = ''): Promise<AccountRecord> {
    const now = Date.now();
    const record: AccountRecord = {
      ...input,
      userName: input.userName,
      active: input.active,
      id: input.id ?? randomUUID(),
      createdMs: now,
      lastModifiedMs: now,
    };
    const res = await this.write('create', record, '', pwHash);
    if (res[0] === 'conflict') throw new ConstraintViolation(FIELD_AT[res[1]] ?? 'userName');
    if (res[0] === 'exists') throw new ConstraintViolation('userName');
    return record;
  }

  /**
   * Read-modify-write with optimistic versioning: `change` gets the current row and returns the
   * new record (and password hash); a concurrent write makes the script answer 'stale' and we retry.
   * Returns null when the account does not exist.
   */
  async update(
    id: string,
    change: (
      row: AccountRow,
    ) => Promise<{ record: AccountRecord; pw?: string }> | { record: AccountRecord; pw?: string },
  ): Promise<AccountRecord | null> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      await backoff(attempt);
      const [row] = await this.rows([id]);
      if (!row) return null;
      const next = await change(row);
      const record = {
        ...next.record,
        id,
        createdMs: row.record.createdMs,
        lastModifiedMs: Math.max(Date.now(), row.record.lastModifiedMs + 1),
      };
      const res = await this.write('update', record, row.ver, next.pw ?? row.pw);
      if (res[0] === 'ok') return record;
      if (res[0] === 'conflict') throw new ConstraintViolation(FIELD_AT[res[1]] ?? 'userName');
      if (res[0] === 'missing') return null;
    }
    throw new StaleWrite('too much write contention');
  }

  /** Deletes the account with all its index entries; returns what was deleted, or null. */
  async delete(id: string): Promise<AccountRecord | null> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      await backoff(attempt);
      const [row] = await this.rows([id]);
      if (!row) return null;
      const res = await this.write('delete', row.record, row.ver, '');
      if (res[0] === 'ok') return row.record;
      if (res[0] === 'missing') return null;
    }
    throw new StaleWrite('too much write contention');
  }

  /** One pipeline for any number of ids, in the order asked. */
  async rows(ids: readonly string[]): Promise<(AccountRow | null)[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hmget(this.keys.account(id), 'doc', 'ver', 'pw');
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, raw]) => {
      const [doc, ver, pw] = (raw ?? []) as (string | null)[];
      if (err || !doc || !ver) return null;
      return { record: JSON.parse(doc) as AccountRecord, ver, pw: pw ?? '' };
    });
  }

  async byIds(ids: readonly string[]): Promise<(AccountRecord | null)[]> {
    return (await this.rows(ids)).map((r) => r?.record ?? null);
  }

  /** Account ids owning these unique values (userName, email or phone), one HMGET. */
  async idsByUnique(kind: UniqueField, values: readonly string[]): Promise<(string | null)[]> {
    if (values.length === 0) return [];
    const norm = kind === 'phoneNumbers' ? phoneKey : uniqueKey;
    return this.redis.hmget(this.keys.unique(kind), ...values.map(norm));
  }

  /** The sort values in-memory sorting needs, one pipeline. */
  async sortFields(ids: readonly string[]): Promise<Record<'cms' | 'mms' | 'un', string>[]> {
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hmget(this.keys.account(id), 'cms', 'mms', 'un');
    const results = (await pipe.exec()) ?? [];
    return results.map(([, raw]) => {
      const [cms, mms, un] = (raw ?? []) as (string | null)[];
      return { cms: cms ?? '', mms: mms ?? '', un: un ?? '' };
    });
  }
}
