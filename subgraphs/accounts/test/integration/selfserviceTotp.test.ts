import { postToSubgraph, newSecret, silentLogger } from '@fedmgmt/testkit';
import type { RunningService } from '@fedmgmt/service-kit';
import { loadConfig } from '../../src/config';
import { start } from '../../src/server';
import { doc, JOHN_ID } from './seed';
import {
  asOwner,
  errorsOf,
  INVALID_STATE,
  JANE_ID,
  M,
  totp,
  useSeededStack,
} from './selfserviceHelpers';

const STATE = expect.stringMatching(/^[A-Za-z0-9_-]{43}$/);
type Started = { state: string; key: string; deviceId: string };

describe('self-service TOTP devices', () => {
  const ctx = useSeededStack({ withJane: true });

  const start17 = async (): Promise<Started> =>
    (
      (await ctx.stack.request(doc('17-startVerifyTotpDeviceByAccountId'))).body.data as {
        startVerifyTotpDeviceByAccountId: Started;
      }
    ).startVerifyTotpDeviceByAccountId;
  const complete = (s: Started, code: string, accountId = JOHN_ID) => ({
    query: M.completeTotp,
    variables: { input: { accountId, state: s.state, totp: code } },
  });

  it('answers document 17 with a fresh key and otpauth link, then registers the device on a correct code', async () => {
    const res = await ctx.stack.request(doc('17-startVerifyTotpDeviceByAccountId'));
    expect(res.body).toEqual({
      data: {
        startVerifyTotpDeviceByAccountId: {
          state: STATE,
          deviceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          issuer: 'fedmgmt',
          key: expect.stringMatching(/^[A-Z2-7]{32}$/),
          digits: 6,
          interval: 30,
          algorithm: 'SHA1',
          skew: 1,
          delayWindow: 1,
          deviceType: 'totp',
          deviceExpiresIn: null,
          qrLink: expect.stringMatching(
            /^otpauth:\/\/totp\/fedmgmt:johndoe\?secret=[A-Z2-7]{32}&issuer=fedmgmt&algorithm=SHA1&digits=6&period=30$/,
          ),
        },
      },
    });
    const s = (res.body.data as { startVerifyTotpDeviceByAccountId: Started })
      .startVerifyTotpDeviceByAccountId;
    expect((await ctx.john(complete(s, totp(s.key)))).body).toEqual({
      data: { completeVerifyTotpDeviceByAccountId: { result: true } },
    });
    const account = await ctx.stack.request({ query: M.account, variables: { id: JOHN_ID } });
    expect(
      (account.body.data as { accountById: { devices: unknown[] } }).accountById.devices,
    ).toEqual([
      expect.objectContaining({ deviceId: 'eb3472f4-e02d-41a6-805b-a962da1ff72f' }),
      {
        deviceId: s.deviceId,
        alias: 'my-totp',
        deviceType: 'totp',
        category: { name: 'totp' },
        details: { __typename: 'TotpDeviceDetails', canUseWithTotpAuthenticator: true },
      },
    ]);
    expect(JSON.stringify(account.body)).not.toContain(s.key);
  });

  it('accepts the previous period within the skew and refuses a code two periods old', async () => {
    const s = await start17();
    const old = totp(s.key, 6, 30, Date.now() - 65_000);
    const wrong = await ctx.john(complete(s, old === totp(s.key) ? '000000' : old));
    expect(errorsOf(wrong.body)).toEqual([
      {
        message: 'The code is not correct',
        extensions: {
          classification: 'localized-validation-error',
          code: 'INVALID_CODE',
          remainingAttempts: 4,
        },
      },
    ]);
    expect((await ctx.john(complete(s, totp(s.key, 6, 30, Date.now() - 30_000)))).body).toEqual({
      data: { completeVerifyTotpDeviceByAccountId: { result: true } },
    });
  });

  it("refuses a replayed state and another account's state", async () => {
    const s = await start17();
    const jane = asOwner(ctx.stack, JANE_ID);
    expect(errorsOf((await jane(complete(s, totp(s.key), JANE_ID))).body)).toEqual([INVALID_STATE]);
    expect((await ctx.john(complete(s, totp(s.key)))).body).toEqual({
      data: { completeVerifyTotpDeviceByAccountId: { result: true } },
    });
    expect(errorsOf((await ctx.john(complete(s, totp(s.key)))).body)).toEqual([INVALID_STATE]);
  });

  it('keeps the key only sealed at rest', async () => {
    const s = await start17();
    await ctx.john(complete(s, totp(s.key)));
    const stored = await ctx.stack.redis.hgetall(`ss:totp:${Buffer.from(JOHN_ID).toString('hex')}`);
    expect(Object.keys(stored)).toEqual([s.deviceId]);
    expect(stored[s.deviceId]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored[s.deviceId]).not.toContain(s.key);
  });

  describe('with a 200 ms state lifetime', () => {
    let short: RunningService;
    const secret = newSecret();
    beforeAll(async () => {
      const config = loadConfig({
        LOG_LEVEL: 'silent',
        ACCOUNTS_PORT: '0',
        REDIS_URL: ctx.stack.redisUrl,
        ACCOUNTS_KEY_PREFIX: ctx.stack.keyPrefix,
        INTERNAL_AUTH_SECRET: secret,
        SELFSERVICE_STATE_TTL_MS: '200',
      });
      short = await start(config, silentLogger);
    });
    afterAll(async () => short.stop());

    it('refuses an expired state', async () => {
      const call = (body: { query: string; variables: Record<string, unknown> }) =>
        postToSubgraph(short.url, 'accounts', secret, body, {
          kind: 'token',
          accountId: JOHN_ID,
          scopes: [],
          groups: [],
        });
      const started = await call({
        query: doc('17-startVerifyTotpDeviceByAccountId').query,
        variables: { input: { accountId: JOHN_ID, alias: 'late' } },
      });
      const s = (started.body.data as { startVerifyTotpDeviceByAccountId: Started })
        .startVerifyTotpDeviceByAccountId;
      await new Promise((r) => setTimeout(r, 400));
      expect(errorsOf((await call(complete(s, totp(s.key)))).body)).toEqual([INVALID_STATE]);
    });
  });
});
