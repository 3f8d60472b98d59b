import type Redis from 'ioredis';
import { keySegment } from './normalize';

export type AddressKind = 'email' | 'phone';

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  purpose: string;
  accountId: string;
  /** The one-time code or link; only the dev outbox ever holds it. */
  code?: string;
  link?: string;
  locale?: string;
  at: number;
}

export interface PasskeyCredential {
  id: string;
  publicKey: string;
  counter: number;
  transports?: string[];
}

export interface CredentialRulesStateRecord {
  resetRequired?: boolean;
  historyLength?: number;
  lastSetAt?: number;
  lockedAt?: number;
}

/**
 * Per-account self-service data beside the account hash, all under the key prefix:
 *   ss:ver:<acct>  HASH  "email:<key>" | "phone:<key>" -> verified-at ms
 *   ss:totp:<acct> HASH  deviceId -> sealed TOTP secret (AES-256-GCM)
 *   ss:pk:<acct>   HASH  credentialId -> passkey public key JSON
 *   ss:rc:<acct>   HASH  batchId, codes (JSON array of HMACs)
 *   ss:cps:<acct>  HASH  credential-policy rule state
 *   ss:sent:<acct> STRING messages sent in the current window (PX = window)
 *   ss:outbox      LIST  dev sender's messages, newest first, trimmed
 * The account id is hex-encoded in key names, so user input never shapes a key.
 */
export class SelfServiceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(kind: string, accountId: string): string {
    return `${this.prefix}ss:${kind}:${keySegment(accountId)}`;
  }

  outboxKey(): string {
    return `${this.prefix}ss:outbox`;
  }

  async pushOutbox(message: OutboxMessage, max: number): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.outboxKey(), JSON.stringify(message))
      .ltrim(this.outboxKey(), 0, max - 1)
      .exec();
  }

  async readOutbox(count = 50): Promise<OutboxMessage[]> {
    const raw = await this.redis.lrange(this.outboxKey(), 0, count - 1);
    return raw.map((m) => JSON.parse(m) as OutboxMessage);
  }

  /** Counts one message for the account in a fixed window that starts with its first message. */
  async countSend(accountId: string, windowMs: number): Promise<number> {
    const key = this.key('sent', accountId);
    const res = await this.redis.multi().incr(key).pexpire(key, windowMs, 'NX').exec();
    return Number(res?.[0]?.[1] ?? 0);
  }

  async markVerified(accountId: string, kind: AddressKind, addressKey: string): Promise<void> {
    await this.redis.hset(this.key('ver', accountId), `${kind}:${addressKey}`, String(Date.now()));
  }

  async isVerified(accountId: string, kind: AddressKind, addressKey: string): Promise<boolean> {
    return (await this.redis.hexists(this.key('ver', accountId), `${kind}:${addressKey}`)) === 1;
  }

  async unmarkVerified(accountId: string, kind: AddressKind, addressKey: string): Promise<void> {
    await this.redis.hdel(this.key('ver', accountId), `${kind}:${addressKey}`);
  }

  async saveTotpSecret(accountId: string, deviceId: string, sealed: string): Promise<void> {
    await this.redis.hset(this.key('totp', accountId), deviceId, sealed);
  }

  async hasTotpSecret(accountId: string, deviceId: string): Promise<boolean> {
    return (await this.redis.hexists(this.key('totp', accountId), deviceId)) === 1;
  }

  async savePasskey(accountId: string, credential: PasskeyCredential): Promise<void> {
    await this.redis.hset(this.key('pk', accountId), credential.id, JSON.stringify(credential));
  }

  async passkeyIds(accountId: string): Promise<string[]> {
    return this.redis.hkeys(this.key('pk', accountId));
  }

  async passkey(accountId: string, credentialId: string): Promise<PasskeyCredential | null> {
    const raw = await this.redis.hget(this.key('pk', accountId), credentialId);
    return raw ? (JSON.parse(raw) as PasskeyCredential) : null;
  }

  async saveRecoveryCodes(accountId: string, batchId: string, hashes: string[]): Promise<void> {
    const key = this.key('rc', accountId);
    await this.redis
      .multi()
      .del(key)
      .hset(key, 'batchId', batchId, 'codes', JSON.stringify(hashes))
      .exec();
  }

  async recoveryCodeHashes(
    accountId: string,
  ): Promise<{ batchId: string; hashes: string[] } | null> {
    const [batchId, codes] = await this.redis.hmget(this.key('rc', accountId), 'batchId', 'codes');
    return batchId && codes ? { batchId, hashes: JSON.parse(codes) as string[] } : null;
  }

  async deleteRecoveryCodes(accountId: string): Promise<void> {
    await this.redis.del(this.key('rc', accountId));
  }

  /** Removes everything kept here for one account (to call when the account is deleted). */
  async deleteAccountData(accountId: string): Promise<number> {
    return this.redis.del(
      ...['ver', 'totp', 'pk', 'rc', 'cps', 'sent'].map((kind) => this.key(kind, accountId)),
    );
  }

  async credentialRulesState(accountId: string): Promise<CredentialRulesStateRecord> {
    const raw = await this.redis.hgetall(this.key('cps', accountId));
    const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
    return {
      ...(raw.resetRequired !== undefined ? { resetRequired: raw.resetRequired === '1' } : {}),
      ...(num(raw.historyLength) !== undefined ? { historyLength: num(raw.historyLength) } : {}),
      ...(num(raw.lastSetAt) !== undefined ? { lastSetAt: num(raw.lastSetAt) } : {}),
      ...(num(raw.lockedAt) !== undefined ? { lockedAt: num(raw.lockedAt) } : {}),
    };
  }

  /** Sets the given fields; `null` clears one; absent fields stay. One MULTI. */
  async setCredentialRulesState(
    accountId: string,
    patch: Record<keyof CredentialRulesStateRecord, number | boolean | null | undefined>,
  ): Promise<void> {
    const key = this.key('cps', accountId);
    const tx = this.redis.multi();
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) tx.hdel(key, field);
      else tx.hset(key, field, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
    }
    await tx.exec();
  }
}
