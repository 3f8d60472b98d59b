import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { deleteByPrefix, startStack, type Stack } from '@fedmgmt/testkit/src/stack';
import { buildApiSchema } from '../../../../scripts/lib/supergraph';
import { doc, JOHN_ID, type Seeded, seedJohn, storeFor } from './seed';
import { asOwner, errorsOf, FORBIDDEN, INVALID_STATE, JANE_ID, lastCode, M, outbox, seedJane } from './selfserviceHelpers';

const DOCS = [
  '14-startVerifyEmailAddressByAccountId', '15-completeVerifyEmailAddressByAccountId', '16-updatePrimaryPhoneNumberByAccountId',
  '17-startVerifyTotpDeviceByAccountId', '18-startOptInMfaSetupByAccountId', '19-resetOptInMfaStateByAccountId',
];
const STATE = expect.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const NEW_EMAIL = 'john.new@example.com';

describe('self-service email and phone verification', () => {
  const schema = buildApiSchema(readFileSync(join(__dirname, '../../../../gateway/supergraph.graphql'), 'utf8'));

  it.each(DOCS)('validates %s against the composed supergraph', (name) => {
    expect(validate(schema, parse(doc(name).query))).toEqual([]);
  });

  let stack: Stack;
  let store: Seeded;
  let john: ReturnType<typeof asOwner>;
  let jane: ReturnType<typeof asOwner>;
  beforeAll(async () => {
    stack = await startStack();
    store = await storeFor(stack);
    john = asOwner(stack, JOHN_ID);
    jane = asOwner(stack, JANE_ID);
  });
  afterAll(async () => {
    await store.close();
    await stack.stop();
  });
  beforeEach(async () => {
    await deleteByPrefix(stack.redis, stack.keyPrefix);
    await seedJohn(store.repos);
    await seedJane(store.repos);
  });

  const emails = async () => ((await stack.request({ query: M.account, variables: { id: JOHN_ID } })).body.data as { accountById: { emails: unknown } }).accountById.emails;
  const startJohn = async (emailAddress = NEW_EMAIL) => {
    const res = await john({ query: M.startEmail, variables: { input: { accountId: JOHN_ID, emailAddress } } });
    return (res.body.data as { startVerifyEmailAddressByAccountId: { state: string } }).startVerifyEmailAddressByAccountId.state;
  };
  const complete = (state: string, otp: string, accountId = JOHN_ID) => ({ query: M.completeEmail, variables: { input: { accountId, state, otp } } });

  it('runs documents 14 and 15 through the gateway: code from the outbox, address added and verified, then primary', async () => {
    const started = await stack.request(doc('14-startVerifyEmailAddressByAccountId'));
    expect(started.body).toEqual({ data: { startVerifyEmailAddressByAccountId: { result: true, state: STATE } } });
    const state = (started.body.data as { startVerifyEmailAddressByAccountId: { state: string } }).startVerifyEmailAddressByAccountId.state;
    expect(await outbox(stack)).toEqual([
      { id: expect.any(String), at: expect.any(Number), channel: 'email', to: NEW_EMAIL, purpose: 'verify-email', accountId: JOHN_ID, code: expect.stringMatching(/^\d{6}$/) },
    ]);
    const vars = doc('15-completeVerifyEmailAddressByAccountId');
    const res = await stack.request({ query: vars.query, variables: { input: { ...(vars.variables.input as object), state, otp: await lastCode(stack) } } });
    expect(res.body).toEqual({ data: { completeVerifyEmailAddressByAccountId: { result: true } } });
    const replay = await stack.request({ query: vars.query, variables: { input: { ...(vars.variables.input as object), state, otp: await lastCode(stack) } } });
    expect(replay.body).toEqual({ data: { completeVerifyEmailAddressByAccountId: null }, errors: [{ ...INVALID_STATE, path: ['completeVerifyEmailAddressByAccountId'] }] });
    expect(await emails()).toEqual([{ value: 'john.doe@example.com', primary: true }, { value: NEW_EMAIL, primary: false }]);
    const primary = await stack.request({ query: M.primaryEmail, variables: { input: { accountId: JOHN_ID, newPrimaryEmailAddress: NEW_EMAIL } } });
    expect(primary.body).toEqual({ data: { updatePrimaryEmailAddressByAccountId: { result: true } } });
    expect(await emails()).toEqual([{ value: 'john.doe@example.com', primary: false }, { value: NEW_EMAIL, primary: true }]);
  });

  it('refuses a wrong code with the attempts left, and still accepts the right one afterwards', async () => {
    const state = await startJohn();
    const code = await lastCode(stack);
    const wrong = await john(complete(state, code === '000000' ? '111111' : '000000'));
    expect(wrong.body.data).toEqual({ completeVerifyEmailAddressByAccountId: null });
    expect(errorsOf(wrong.body)).toEqual([
      { message: 'The code is not correct', extensions: { classification: 'localized-validation-error', code: 'INVALID_CODE', remainingAttempts: 4 } },
    ]);
    expect((await john(complete(state, code))).body).toEqual({ data: { completeVerifyEmailAddressByAccountId: { result: true } } });
  });

  it('destroys the state after too many wrong codes (too-many-attempts-error)', async () => {
    const state = await startJohn();
    const code = await lastCode(stack);
    const bad = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) await john(complete(state, bad));
    const fifth = await john(complete(state, bad));
    expect(errorsOf(fifth.body)).toEqual([
      { message: 'Too many incorrect attempts; start the flow again', extensions: { classification: 'too-many-attempts-error', code: 'TOO_MANY_ATTEMPTS' } },
    ]);
    expect(errorsOf((await john(complete(state, code))).body)).toEqual([INVALID_STATE]);
    expect(await emails()).toEqual([{ value: 'john.doe@example.com', primary: true }]);
  });

  it('refuses a replayed state', async () => {
    const state = await startJohn();
    const code = await lastCode(stack);
    expect((await john(complete(state, code))).body).toEqual({ data: { completeVerifyEmailAddressByAccountId: { result: true } } });
    const replay = await john(complete(state, code));
    expect(replay.body.data).toEqual({ completeVerifyEmailAddressByAccountId: null });
    expect(errorsOf(replay.body)).toEqual([INVALID_STATE]);
  });

  it("refuses another account's state, and a self-service caller acting on another account", async () => {
    const state = await startJohn();
    const code = await lastCode(stack);
    expect(errorsOf((await jane(complete(state, code, JANE_ID))).body)).toEqual([INVALID_STATE]);
    expect(errorsOf((await jane(complete(state, code, JOHN_ID))).body)).toEqual([FORBIDDEN]);
    const startForJohn = await jane({ query: M.startEmail, variables: { input: { accountId: JOHN_ID, emailAddress: 'x@example.com' } } });
    expect(errorsOf(startForJohn.body)).toEqual([FORBIDDEN]);
    expect((await john(complete(state, code))).body).toEqual({ data: { completeVerifyEmailAddressByAccountId: { result: true } } });
  });

  it('refuses an address another account owns, and an unverified address as primary', async () => {
    const taken = await john({ query: M.startEmail, variables: { input: { accountId: JOHN_ID, emailAddress: 'JANE@example.com' } } });
    expect(errorsOf(taken.body)).toEqual([
      { message: 'The email address provided is already registered', extensions: { classification: 'constraint-violation', code: 'BAD_USER_INPUT', field: 'emails' } },
    ]);
    await store.repos.accounts.update(JOHN_ID, (row) => ({ record: { ...row.record, emails: [...(row.record.emails ?? []), { value: 'admin-set@example.com' }] } }));
    const primary = await john({ query: M.primaryEmail, variables: { input: { accountId: JOHN_ID, newPrimaryEmailAddress: 'admin-set@example.com' } } });
    expect(errorsOf(primary.body)).toEqual([
      { message: 'Only a verified address of this account can become primary', extensions: { classification: 'localized-validation-error', code: 'NOT_VERIFIED' } },
    ]);
  });

  it('deletes a non-primary address and refuses to delete the primary one', async () => {
    const state = await startJohn();
    await john(complete(state, await lastCode(stack)));
    const del = (address: string) => john({ query: M.deleteEmail, variables: { input: { accountId: JOHN_ID, emailAddressToDelete: address } } });
    expect((await del('john.doe@example.com')).body).toEqual({ data: { deleteEmailAddressByAccountId: { result: false } } });
    expect((await del(NEW_EMAIL)).body).toEqual({ data: { deleteEmailAddressByAccountId: { result: true } } });
    expect(await emails()).toEqual([{ value: 'john.doe@example.com', primary: true }]);
    const again = await john({ query: M.primaryEmail, variables: { input: { accountId: JOHN_ID, newPrimaryEmailAddress: NEW_EMAIL } } });
    expect(errorsOf(again.body)).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_VERIFIED' }) })]);
  });

  it('verifies a phone number by SMS code and runs document 16 to make it primary', async () => {
    const number = '+46709876543';
    const started = await john({ query: M.startPhone, variables: { input: { accountId: JOHN_ID, phoneNumber: number } } });
    expect(started.body).toEqual({ data: { startVerifyPhoneNumberByAccountId: { result: true, state: STATE } } });
    const [sms] = await outbox(stack);
    expect(sms).toEqual({ id: expect.any(String), at: expect.any(Number), channel: 'sms', to: number, purpose: 'verify-phone', accountId: JOHN_ID, code: expect.stringMatching(/^\d{6}$/) });
    expect(errorsOf((await stack.request(doc('16-updatePrimaryPhoneNumberByAccountId'))).body)).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_VERIFIED' }) }),
    ]);
    const state = (started.body.data as { startVerifyPhoneNumberByAccountId: { state: string } }).startVerifyPhoneNumberByAccountId.state;
    const done = await john({ query: M.completePhone, variables: { input: { accountId: JOHN_ID, state, otp: sms!.code } } });
    expect(done.body).toEqual({ data: { completeVerifyPhoneNumberByAccountId: { result: true } } });
    expect((await stack.request(doc('16-updatePrimaryPhoneNumberByAccountId'))).body).toEqual({ data: { updatePrimaryPhoneNumberByAccountId: { result: true } } });
    const account = await stack.request({ query: M.account, variables: { id: JOHN_ID } });
    expect((account.body.data as { accountById: { phoneNumbers: unknown } }).accountById.phoneNumbers).toEqual([
      { value: '+46701234567', primary: false }, { value: number, primary: true },
    ]);
  });

  it('keeps only a keyed hash of the code in Redis', async () => {
    const state = await startJohn();
    const code = await lastCode(stack);
    const raw = await stack.redis.hgetall(store.repos.selfService.states.key(state).slice(stack.keyPrefix.length));
    expect(raw).toEqual({ flow: 'verify-email', acct: JOHN_ID, tries: '0', data: expect.any(String) });
    expect(JSON.parse(raw.data!)).toEqual({ address: NEW_EMAIL, codeHash: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(raw.data).not.toContain(code);
  });
});
