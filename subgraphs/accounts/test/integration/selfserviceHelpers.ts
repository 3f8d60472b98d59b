import { createHmac } from 'node:crypto';
import { deleteByPrefix, startStack, type Stack, type StackOptions } from '@fedmgmt/testkit';
import type { Repositories } from '../../src/context';
import type { OutboxMessage } from '../../src/data/selfServiceStore';
import { JOHN_ID, type Seeded, seedJohn, storeFor } from './seed';

export const JANE_ID = '0f9c0b1e-7d2a-4c55-9d7e-3a1b2c3d4e5f';

export type Body = { query: string; variables?: Record<string, unknown> };

/** A self-service caller: a token whose account-id claim is `accountId`, straight to the subgraph. */
export function asOwner(stack: Stack, accountId: string) {
  return (body: Body) =>
    stack.subgraphRequest('accounts', body, { kind: 'token', accountId, scopes: [], groups: [] });
}

/** The dev sender's messages, newest first (the stack's client already carries the key prefix). */
export async function outbox(stack: Stack): Promise<OutboxMessage[]> {
  return (await stack.redis.lrange('ss:outbox', 0, -1)).map((m) => JSON.parse(m) as OutboxMessage);
}

export async function lastCode(stack: Stack): Promise<string> {
  const [latest] = await outbox(stack);
  if (!latest?.code) throw new Error('no code in the outbox');
  return latest.code;
}

export async function seedJane(repos: Repositories): Promise<void> {
  await repos.accounts.create({
    id: JANE_ID,
    userName: 'janedoe',
    active: true,
    emails: [{ value: 'jane@example.com', primary: true }],
  });
}

export interface SeededStackOptions {
  /** Passed to startStack. */
  stack?: StackOptions;
  /** Seed Jane beside John before each test (default: John only). */
  withJane?: boolean;
}

export interface SeededStack {
  readonly stack: Stack;
  readonly store: Seeded;
  /** Self-service caller for John (token with his account id). */
  readonly john: ReturnType<typeof asOwner>;
  /** Self-service caller for Jane. */
  readonly jane: ReturnType<typeof asOwner>;
}

/**
 * Registers, in the calling describe block, a beforeAll that starts a stack and opens a store on
 * its prefix, an afterAll that closes both, and a beforeEach that wipes the prefix and seeds John
 * (and Jane with `withJane`); a file's own beforeEach registered after the call runs after the seeding.
 * Read the returned object's properties inside hooks and tests only.
 */
export function useSeededStack(options: SeededStackOptions = {}): SeededStack {
  let stack: Stack | undefined;
  let store: Seeded | undefined;
  let john: ReturnType<typeof asOwner> | undefined;
  let jane: ReturnType<typeof asOwner> | undefined;
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(`useSeededStack: ${name} is read before beforeAll ran`);
    return value;
  };
  const ctx: SeededStack = {
    get stack() {
      return ready(stack, 'stack');
    },
    get store() {
      return ready(store, 'store');
    },
    get john() {
      return ready(john, 'john');
    },
    get jane() {
      return ready(jane, 'jane');
    },
  };
  beforeAll(async () => {
    stack = await startStack(options.stack);
    store = await storeFor(stack);
    john = asOwner(stack, JOHN_ID);
    jane = asOwner(stack, JANE_ID);
  });
  afterAll(async () => {
    await ctx.store.close();
    await ctx.stack.stop();
  });
  beforeEach(async () => {
    await deleteByPrefix(ctx.stack.redis, ctx.stack.keyPrefix);
    await seedJohn(ctx.store.repos);
    if (options.withJane) await seedJane(ctx.store.repos);
  });
  return ctx;
}

function base32Decode(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 computed independently of the code under test (HMAC-SHA1, dynamic truncation). */
export function totp(key: string, digits = 6, period = 30, atMs = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / period)));
  const mac = createHmac('sha1', base32Decode(key)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(n).padStart(digits, '0');
}

export const M = {
  startEmail: `mutation ($input: StartVerifyEmailAddressByAccountIdInput!) { startVerifyEmailAddressByAccountId(input: $input) { result state } }`,
  completeEmail: `mutation ($input: CompleteVerifyEmailAddressByAccountIdInput!) { completeVerifyEmailAddressByAccountId(input: $input) { result } }`,
  primaryEmail: `mutation ($input: UpdatePrimaryEmailAddressByAccountIdInput!) { updatePrimaryEmailAddressByAccountId(input: $input) { result } }`,
  deleteEmail: `mutation ($input: DeleteEmailAddressByAccountIdInput!) { deleteEmailAddressByAccountId(input: $input) { result } }`,
  startPhone: `mutation ($input: StartVerifyPhoneNumberByAccountIdInput!) { startVerifyPhoneNumberByAccountId(input: $input) { result state } }`,
  completePhone: `mutation ($input: CompleteVerifyPhoneNumberByAccountIdInput!) { completeVerifyPhoneNumberByAccountId(input: $input) { result } }`,
  completeTotp: `mutation ($input: CompleteVerifyTotpDeviceByAccountIdInput!) { completeVerifyTotpDeviceByAccountId(input: $input) { result } }`,
  account: `query ($id: String!) { accountById(accountId: $id) { emails { value primary } phoneNumbers { value primary } devices { deviceId alias deviceType category { name } details { __typename ... on TotpDeviceDetails { canUseWithTotpAuthenticator } ... on WebAuthnDeviceDetails { webAuthnAuthenticator { name } } } } mfaOptIn { registeredFactors { factors { acr expectedUserName changedAt description type } } preferences { optOutAt } recoveryCodeBatch { batchId createdAt codes { consumed consumedAt } } } } }`,
};

export const INVALID_STATE = {
  message: 'The state is invalid, expired or already used; start the flow again',
  extensions: { classification: 'localized-validation-error', code: 'INVALID_STATE' },
};

export const FORBIDDEN = {
  message: 'Not authorized to perform this operation',
  extensions: { code: 'FORBIDDEN' },
};

/** The errors of a response without locations/paths, for whole-response comparisons. */
export function errorsOf(body: {
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}) {
  return (body.errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions }));
}
