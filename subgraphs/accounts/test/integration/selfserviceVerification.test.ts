import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { buildApiSchema } from '../../../../scripts/lib/supergraph';
import { doc, JOHN_ID } from './seed';
import {
  errorsOf,
  FORBIDDEN,
  INVALID_STATE,
  JANE_ID,
  lastCode,
  M,
  outbox,
  useSeededStack,
} from './selfserviceHelpers';

const DOCS = [
  '14-startVerifyEmailAddressByAccountId',
  '15-completeVerifyEmailAddressByAccountId',
  '16-updatePrimaryPhoneNumberByAccountId',
  '17-startVerifyTotpDeviceByAccountId',
  '18-startOptInMfaSetupByAccountId',
  '19-resetOptInMfaStateByAccountId',
];
const STATE = expect.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const NEW_EMAIL = 'john.new@example.com';

describe('self-service email and phone verification', () => {
  const schema = buildApiSchema(
    readFileSync(join(__dirname, '../../../../gateway/supergraph.graphql'), 'utf8'),
  );

  it.each(DOCS)('validates %s against the composed supergraph', (name) => {
    expect(validate(schema, parse(doc(name).query))).toEqual([]);
  });

  const ctx = useSeededStack({ withJane: true });

  const emails = async () =>
    (
      (await ctx.stack.request({ query: M.account, variables: { id: JOHN_ID } })).body.data as {
        accountById: { emails: unknown };
      }
    ).accountById.emails;
  const startJohn = async (emailAddress = NEW_EMAIL) => {
    const res = await ctx.john({
      query: M.startEmail,
      variables: { input: { accountId: JOHN_ID, emailAddress } },
    });
    return (res.body.data as { startVerifyEmailAddressByAccountId: { state: string } })
      .startVerifyEmailAddressByAccountId.state;
  };
  const complete = (state: string, otp: string, accountId = JOHN_ID) => ({
    query: M.completeEmail,
    variables: { input: { accountId, state, otp } },
  });

  it('runs documents 14 and 15 through the gateway: code from the outbox, address added and verified, then primary', async () => {
    const started = await ctx.stack.request(doc('14-startVerifyEmailAddressByAccountId'));
    expect(started.body).toEqual({
      data: { startVerifyEmailAddressByAccountId: { result: true, state: STATE } },
    });
    const state = (started.body.data as { startVerifyEmailAddressByAccountId: { state: string } })
      .startVerifyEmailAddressByAccountId.state;
    expect(await outbox(ctx.stack)).toEqual([
      {
        id: expect.any(String),
        at: expect.any(Number),
        channel: 'email',
        to: NEW_EMAIL,
        purpose: 'verify-email',
        accountId: JOHN_ID,
        code: expect.stringMatching(/^\d{6}$/),
      },
    ]);
    const vars = doc('15-completeVerifyEmailAddressByAccountId');
    const res = await ctx.stack.request({
      query: vars.query,
      variables: {
        input: { ...(vars.variables.input as object), state, otp: await lastCode(ctx.stack) },
      },
    });
    expect(res.body).toEqual({ data: { completeVerifyEmailAddressByAccountId: { result: true } } });
    const replay = await ctx.stack.request({
      query: vars.query,
      variables: {
        input: { ...(vars.variables.input as object), state, otp: await lastCode(ctx.stack) },
      },
    });
    expect(replay.body).toEqual({
      data: { completeVerifyEmailAddressByAccountId: null },
      errors: [{ ...INVALID_STATE, path: ['completeVerifyEmailAddressByAccountId'] }],
    });
    expect(await emails()).toEqual([
      { value: 'john.doe@example.com', primary: true },
      { value: NEW_EMAIL, primary: false },
    ]);
    const primary = await ctx.stack.request({
      query: M.primaryEmail,
      variables: { input: { accountId: JOHN_ID, newPrimaryEmailAddress: NEW_EMAIL } },
    });
    expect(primary.body).toEqual({
      data: { updatePrimaryEmailAddressByAccountId: { result: true } },
    });
    expect(await emails()).toEqual([
      { value: 'john.doe@example.com', primary: false },
      { value: NEW_EMAIL, primary: true },
    ]);
  });

  it('refuses a wrong code with the attempts left, and still accepts the right one afterwards', async () => {
    const state = await startJohn();
    const code = await lastCode(ctx.stack);
    const wrong = await ctx.john(complete(state, code === '000000' ? '111111' : '000000'));
    expect(wrong.body.data).toEqual({ completeVerifyEmailAddressByAccountId: null });
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
    expect((await ctx.john(complete(state, code))).body).toEqual({
      data: { completeVerifyEmailAddressByAccountId: { result: true } },
    });
  });

  it('destroys the state after too many wrong codes (too-many-attempts-error)', async () => {
    const state = await startJohn();
    const code = await lastCode(ctx.stack);
    const bad = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) await ctx.john(complete(state, bad));
    const fifth = await ctx.john(complete(state, bad));
    expect(errorsOf(fifth.body)).toEqual([
      {
        message: 'Too many incorrect attempts; start the flow again',
        extensions: { classification: 'too-many-attempts-error', code: 'TOO_MANY_ATTEMPTS' },
      },
    ]);
    expect(errorsOf((await ctx.john(complete(state, code))).body)).toEqual([INVALID_STATE]);
    expect(await emails()).toEqual([{ value: 'john.doe@example.com', primary: true }]);
  });

  it('refuses a replayed state', async () => {
    const state = await startJohn();
    const code = await lastCode(ctx.stack);
    expect((await ctx.john(complete(state, code))).body).toEqual({
      data: { completeVerifyEmailAddressByAccountId: { result: true } },
    });
    const replay = await ctx.john(complete(state, code));
    expect(replay.body.data).toEqual({ completeVerifyEmailAddressByAccountId: null });
    expect(errorsOf(replay.body)).toEqual([INVALID_STATE]);
  });

  it("refuses another account's state, and a self-service caller acting on another account", async () => {
    const state = await startJohn();
    const code = await lastCode(ctx.stack);
    expect(errorsOf((await ctx.jane(complete(state, code, JANE_ID))).body)).toEqual([
      INVALID_STATE,
    ]);
    expect(errorsOf((await ctx.jane(complete(state, code, JOHN_ID))).body)).toEqual([FORBIDDEN]);
    const startForJohn = await ctx.jane({
      query: M.startEmail,
      variables: { input: { accountId: JOHN_ID, emailAddress: 'x@example.com' } },
    });
    expect(errorsOf(startForJohn.body)).toEqual([FORBIDDEN]);
    expect((await ctx.john(complete(state, code))).body).toEqual({
      data: { completeVerifyEmailAddressByAccountId: { result: true } },
    });
  });

  it('refuses an address another account owns, and an unverified address as primary', async () => {
    const taken = await ctx.john({
      query: M.startEmail,
      variables: { input: { accountId: JOHN_ID, emailAddress: 'JANE@example.com' } },
    });
    expect(errorsOf(taken.body)).toEqual([
      {
        message: 'The email address provided is already registered',
        extensions: {
          classification: 'constraint-violation',
          code: 'BAD_USER_INPUT',
          field: 'emails',
        },
      },
    ]);
    await ctx.store.repos.accounts.update(JOHN_ID, (row) => ({
      record: {
        ...row.record,
        emails: [...(row.record.emails ?? []), { value: 'admin-set@example.com' }],
      },
    }));
    const primary = await ctx.john({
      query: M.primaryEmail,
      variables: { input: { accountId: JOHN_ID, newPrimaryEmailAddress: 'admin-set@example.com' } },
    });
    expect(errorsOf(primary.body)).toEqual([
      {
        message: 'Only a verified address of this account can become primary',
        extensions: { classification: 'localized-validation-error', code: 'NOT_VERIFIED' },
      },
    ]);
  });

  it('deletes a non-primary address and refuses to delete the primary one', async () => {
    const state = await startJohn();
    await ctx.john(complete(state, await lastCode(ctx.stack)));
    const del = (address: string) =>
      ctx.john({
        query: M.deleteEmail,
        variables: { input: { accountId: JOHN_ID, emailAddressToDelete: address } },
      });
    expect((await del('john.doe@example.com')).body).toEqual({
      data: { deleteEmailAddressByAccountId: { result: false } },
    });
    expect((await del(NEW_EMAIL)).body).toEqual({
      data: { deleteEmailAddressByAccountId: { result: true } },
    });
    expect(await emails()).toEqual([{ value: 'john.doe@example.com', primary: true }]);
    const again = await ctx.john({
      query: M.primaryEmail,
      variables: { input: { accountId: JOHN_ID, newPrimaryEmailAddress: NEW_EMAIL } },
    });
    expect(errorsOf(again.body)).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_VERIFIED' }) }),
    ]);
  });

  it('verifies a phone number by SMS code and runs document 16 to make it primary', async () => {
    const number = '+46709876543';
    const started = await ctx.john({
      query: M.startPhone,
      variables: { input: { accountId: JOHN_ID, phoneNumber: number } },
    });
    expect(started.body).toEqual({
      data: { startVerifyPhoneNumberByAccountId: { result: true, state: STATE } },
    });
    const [sms] = await outbox(ctx.stack);
    expect(sms).toEqual({
      id: expect.any(String),
      at: expect.any(Number),
      channel: 'sms',
      to: number,
      purpose: 'verify-phone',
      accountId: JOHN_ID,
      code: expect.stringMatching(/^\d{6}$/),
    });
    expect(
      errorsOf((await ctx.stack.request(doc('16-updatePrimaryPhoneNumberByAccountId'))).body),
    ).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_VERIFIED' }) }),
    ]);
    const state = (started.body.data as { startVerifyPhoneNumberByAccountId: { state: string } })
      .startVerifyPhoneNumberByAccountId.state;
    const done = await ctx.john({
      query: M.completePhone,
      variables: { input: { accountId: JOHN_ID, state, otp: sms!.code } },
    });
    expect(done.body).toEqual({ data: { completeVerifyPhoneNumberByAccountId: { result: true } } });
    expect((await ctx.stack.request(doc('16-updatePrimaryPhoneNumberByAccountId'))).body).toEqual({
      data: { updatePrimaryPhoneNumberByAccountId: { result: true } },
    });
    const account = await ctx.stack.request({ query: M.account, variables: { id: JOHN_ID } });
    expect(
      (account.body.data as { accountById: { phoneNumbers: unknown } }).accountById.phoneNumbers,
    ).toEqual([
      { value: '+46701234567', primary: false },
      { value: number, primary: true },
    ]);
  });

  it('keeps only a keyed hash of the code in Redis', async () => {
    const state = await startJohn();
    const code = await lastCode(ctx.stack);
    const raw = await ctx.stack.redis.hgetall(
      ctx.store.repos.selfService.states.key(state).slice(ctx.stack.keyPrefix.length),
    );
    expect(raw).toEqual({
      flow: 'verify-email',
      acct: JOHN_ID,
      tries: '0',
      data: expect.any(String),
    });
    expect(JSON.parse(raw.data!)).toEqual({
      address: NEW_EMAIL,
      codeHash: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(raw.data).not.toContain(code);
  });
});
