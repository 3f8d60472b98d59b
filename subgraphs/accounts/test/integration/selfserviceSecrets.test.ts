import pino from 'pino';
import {
  postToSubgraph,
  deleteByPrefix,
  newSecret,
  startStack,
  type Stack,
} from '@fedmgmt/testkit';
import type { RunningService } from '@fedmgmt/service-kit';
import { loadConfig } from '../../src/config';
import { start } from '../../src/server';
import { doc, JOHN_ID, type Seeded, seedJohn, storeFor } from './seed';
import { lastCode, M, totp } from './selfserviceHelpers';

/** Runs every flow against an instance logging at trace level, then looks for the secrets everywhere. */
describe('self-service secrets', () => {
  let stack: Stack;
  let store: Seeded;
  let service: RunningService;
  const lines: string[] = [];
  const secret = newSecret();
  beforeAll(async () => {
    stack = await startStack();
    store = await storeFor(stack);
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const config = loadConfig({
      LOG_LEVEL: 'trace',
      ACCOUNTS_PORT: '0',
      REDIS_URL: stack.redisUrl,
      ACCOUNTS_KEY_PREFIX: stack.keyPrefix,
      INTERNAL_AUTH_SECRET: secret,
    });
    service = await start(config, logger);
    await deleteByPrefix(stack.redis, stack.keyPrefix);
    await seedJohn(store.repos);
  });
  afterAll(async () => {
    await service.stop();
    await store.close();
    await stack.stop();
  });

  const call = (query: string, input: Record<string, unknown>) =>
    postToSubgraph(
      service.url,
      'accounts',
      secret,
      { query, variables: { input } },
      { kind: 'token', accountId: JOHN_ID, scopes: [], groups: [] },
    );
  const data = <T>(res: { body: { data?: unknown } }, field: string) =>
    (res.body.data as Record<string, T>)[field]!;

  it('never shows a code, TOTP key or recovery code in logs, account reads or stored account data', async () => {
    const email = data<{ state: string }>(
      await call(M.startEmail, { accountId: JOHN_ID, emailAddress: 'john.new@example.com' }),
      'startVerifyEmailAddressByAccountId',
    );
    const code = await lastCode(stack);
    await call(M.completeEmail, {
      accountId: JOHN_ID,
      state: email.state,
      otp: code === '000000' ? '111111' : '000000',
    });
    expect(
      data(
        await call(M.completeEmail, { accountId: JOHN_ID, state: email.state, otp: code }),
        'completeVerifyEmailAddressByAccountId',
      ),
    ).toEqual({ result: true });
    const t = data<{ state: string; key: string }>(
      await call(doc('17-startVerifyTotpDeviceByAccountId').query, {
        accountId: JOHN_ID,
        alias: 'app',
      }),
      'startVerifyTotpDeviceByAccountId',
    );
    expect(
      data(
        await call(M.completeTotp, { accountId: JOHN_ID, state: t.state, totp: totp(t.key) }),
        'completeVerifyTotpDeviceByAccountId',
      ),
    ).toEqual({ result: true });
    const mfa = data<{ recoveryCodes: { value: string }[] }>(
      await call(doc('18-startOptInMfaSetupByAccountId').query, {
        accountId: JOHN_ID,
        factors: [{ acr: 'urn:se:curity:authentication:totp:totp-optin-mfa' }],
      }),
      'startOptInMfaSetupByAccountId',
    );
    const secrets = [code, t.key, ...mfa.recoveryCodes.map((c) => c.value)];

    const account = await stack.request({ query: M.account, variables: { id: JOHN_ID } });
    const stored = await store.redis.hget(store.repos.accounts.keys.account(JOHN_ID), 'doc');
    const logs = lines.join('');
    expect(logs).toContain('self-service message sent');
    for (const s of secrets) {
      expect(logs).not.toContain(s);
      expect(JSON.stringify(account.body)).not.toContain(s);
      expect(stored).not.toContain(s);
    }
  });
});
