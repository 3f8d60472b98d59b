import { postToSubgraph, newSecret, silentLogger } from '@fedmgmt/testkit';
import type { RunningService } from '@fedmgmt/service-kit';
import { loadConfig } from '../../src/config';
import { start } from '../../src/server';
import { JOHN_ID } from './seed';
import { errorsOf, INVALID_STATE, lastCode, M, outbox, useSeededStack } from './selfserviceHelpers';

const STATE = expect.stringMatching(/^[A-Za-z0-9_-]{43}$/);

describe('self-service flows under abuse', () => {
  const ctx = useSeededStack();

  const startJohn = async (emailAddress: string) => {
    const res = await ctx.john({
      query: M.startEmail,
      variables: { input: { accountId: JOHN_ID, emailAddress } },
    });
    return (res.body.data as { startVerifyEmailAddressByAccountId: { state: string } })
      .startVerifyEmailAddressByAccountId.state;
  };
  const complete = (state: string, otp: string) => ({
    query: M.completeEmail,
    variables: { input: { accountId: JOHN_ID, state, otp } },
  });

  it('evaluates at most maxAttempts parallel guesses and lets exactly one of parallel correct answers win', async () => {
    const state = await startJohn('john.new@example.com');
    const code = await lastCode(ctx.stack);
    const guesses = Array.from({ length: 20 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const answers = await Promise.all(guesses.map((g) => ctx.john(complete(state, g))));
    const codes = answers
      .map((a) => (errorsOf(a.body)[0]?.extensions as { code: string }).code)
      .sort();
    // Exactly maxAttempts - 1 guesses are judged wrong; the rest find the state locked or gone.
    expect(codes.filter((c) => c === 'INVALID_CODE')).toHaveLength(4);
    expect(codes).toContain('TOO_MANY_ATTEMPTS');
    expect(
      codes.filter(
        (c) => c !== 'INVALID_CODE' && c !== 'INVALID_STATE' && c !== 'TOO_MANY_ATTEMPTS',
      ),
    ).toEqual([]);
    expect(errorsOf((await ctx.john(complete(state, code))).body)).toEqual([INVALID_STATE]);
    const second = await startJohn('race@example.com');
    const secondCode = await lastCode(ctx.stack);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ctx.john(complete(second, secondCode))),
    );
    const wins = results.filter(
      (r) =>
        (r.body.data as { completeVerifyEmailAddressByAccountId: unknown })
          .completeVerifyEmailAddressByAccountId !== null,
    );
    expect(wins.map((w) => w.body)).toEqual([
      { data: { completeVerifyEmailAddressByAccountId: { result: true } } },
    ]);
  });

  describe('with a send limit of 2 per window', () => {
    let limited: RunningService;
    const secret = newSecret();
    beforeAll(async () => {
      const config = loadConfig({
        LOG_LEVEL: 'silent',
        ACCOUNTS_PORT: '0',
        REDIS_URL: ctx.stack.redisUrl,
        ACCOUNTS_KEY_PREFIX: ctx.stack.keyPrefix,
        INTERNAL_AUTH_SECRET: secret,
        SELFSERVICE_SEND_LIMIT: '2',
      });
      limited = await start(config, silentLogger);
    });
    afterAll(async () => limited.stop());

    it('refuses a third code for the same account, sending nothing', async () => {
      const call = (emailAddress: string) =>
        postToSubgraph(
          limited.url,
          'accounts',
          secret,
          { query: M.startEmail, variables: { input: { accountId: JOHN_ID, emailAddress } } },
          { kind: 'token', accountId: JOHN_ID, scopes: [], groups: [] },
        );
      expect((await call('a@example.com')).body).toEqual({
        data: { startVerifyEmailAddressByAccountId: { result: true, state: STATE } },
      });
      expect((await call('b@example.com')).body).toEqual({
        data: { startVerifyEmailAddressByAccountId: { result: true, state: STATE } },
      });
      const third = await call('c@example.com');
      expect(errorsOf(third.body)).toEqual([
        {
          message: 'Too many messages requested for this account; try again later',
          extensions: { classification: 'too-many-attempts-error', code: 'TOO_MANY_REQUESTS' },
        },
      ]);
      expect((await outbox(ctx.stack)).map((m) => m.to)).toEqual([
        'b@example.com',
        'a@example.com',
      ]);
    });
  });
});
