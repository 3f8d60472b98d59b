import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { Result } from 'ioredis';

export type StateAnswer =
  ['ok', string, string] | ['ok', string] | ['missing'] | ['foreign'] | ['locked'];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    selfServiceAttempt(
      key: string,
      flow: string,
      account: string,
      maxAttempts: number,
    ): Result<StateAnswer, Context>;
    selfServiceTake(key: string, flow: string, account: string): Result<StateAnswer, Context>;
  }
}

// One attempt is reserved atomically before the caller checks a code, so parallel guesses
// cannot exceed maxAttempts; the state is destroyed when the attempts run out.
const ATTEMPT = `
local f = redis.call('HMGET', KEYS[1], 'flow', 'acct', 'data')
if not f[1] then return {'missing'} end
if f[1] ~= ARGV[1] or f[2] ~= ARGV[2] then return {'foreign'} end
local max = tonumber(ARGV[3])
local n = redis.call('HINCRBY', KEYS[1], 'tries', 1)
if n > max then redis.call('DEL', KEYS[1]) return {'locked'} end
return {'ok', f[3], tostring(max - n)}`;

// Single use: exactly one caller gets 'ok' for a state, however many race for it.
const TAKE = `
local f = redis.call('HMGET', KEYS[1], 'flow', 'acct', 'data')
if not f[1] then return {'missing'} end
if f[1] ~= ARGV[1] or f[2] ~= ARGV[2] then return {'foreign'} end
redis.call('DEL', KEYS[1])
return {'ok', f[3]}`;

export type Outcome<T> =
  { kind: 'ok'; data: T; remaining: number } | { kind: 'missing' | 'foreign' | 'locked' };

/**
 * Opaque, single-use, expiring states bound to one account and one flow. The client gets
 * 32 random bytes; Redis keeps only their SHA-256 (`ss:st:<hash>`), with a PX expiry.
 */
export class SelfServiceStates {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('selfServiceAttempt', { numberOfKeys: 1, lua: ATTEMPT });
    redis.defineCommand('selfServiceTake', { numberOfKeys: 1, lua: TAKE });
  }

  /** The Redis key of a state (tests use it to expire one without waiting). */
  key(state: string): string {
    return `${this.prefix}ss:st:${createHash('sha256').update(state).digest('base64url')}`;
  }

  newState(): string {
    return randomBytes(32).toString('base64url');
  }

  async save(
    state: string,
    flow: string,
    accountId: string,
    data: unknown,
    ttlMs: number,
  ): Promise<void> {
    const key = this.key(state);
    await this.redis
      .multi()
      .hset(key, 'flow', flow, 'acct', accountId, 'tries', '0', 'data', JSON.stringify(data))
      .pexpire(key, ttlMs)
      .exec();
  }

  /** Reserves one attempt and returns the state's data, without consuming it. */
  async attempt<T>(
    state: string,
    flow: string,
    accountId: string,
    maxAttempts: number,
  ): Promise<Outcome<T>> {
    return decode<T>(
      await this.redis.selfServiceAttempt(this.key(state), flow, accountId, maxAttempts),
    );
  }

  /** Consumes the state: its data for exactly one caller. */
  async take<T>(state: string, flow: string, accountId: string): Promise<Outcome<T>> {
    return decode<T>(await this.redis.selfServiceTake(this.key(state), flow, accountId));
  }
}

function decode<T>(answer: StateAnswer): Outcome<T> {
  if (answer[0] !== 'ok') return { kind: answer[0] };
  return { kind: 'ok', data: JSON.parse(answer[1]) as T, remaining: Number(answer[2] ?? 0) };
}
