import { JOHN_ID } from './seed';
import {
  asOwner,
  errorsOf,
  FORBIDDEN,
  JANE_ID,
  outbox,
  useSeededStack,
} from './selfserviceHelpers';

const STATE_FIELDS = `userName forceReset { resetRequired } history { length } age { lastSetAt } temporaryLockout { lockedAt }`;
const GET = `query ($u: String!) { credentialPolicyRulesStateByUserName(userName: $u) { ${STATE_FIELDS} } }`;
const SET = `mutation ($input: CredentialPolicyRulesStateInput!) { setCredentialPolicyRulesStateByUserName(input: $input) { ${STATE_FIELDS} } }`;
const RESET = `mutation ($input: SendPasswordResetInput!) { sendPasswordResetEmail(input: $input) { result } }`;
const ACTIVATE = `mutation ($input: InitializeAccountActivationInput!) { initializeAccountActivation(input: $input) { result } }`;
const EMPTY = {
  userName: 'johndoe',
  forceReset: { resetRequired: false },
  history: { length: null },
  age: { lastSetAt: null },
  temporaryLockout: { lockedAt: null },
};

describe('credential policy state and emailed links', () => {
  const ctx = useSeededStack({ withJane: true });

  it('sets and reads the rule state as an administrator, with patch semantics', async () => {
    expect((await ctx.stack.request({ query: GET, variables: { u: 'johndoe' } })).body).toEqual({
      data: { credentialPolicyRulesStateByUserName: EMPTY },
    });
    const set = await ctx.stack.request({
      query: SET,
      variables: {
        input: {
          userName: 'johndoe',
          forceReset: { resetRequired: true },
          history: { length: 5 },
          temporaryLockout: { lockedAt: 1700000000 },
        },
      },
    });
    const full = {
      ...EMPTY,
      forceReset: { resetRequired: true },
      history: { length: 5 },
      temporaryLockout: { lockedAt: 1700000000 },
    };
    expect(set.body).toEqual({ data: { setCredentialPolicyRulesStateByUserName: full } });
    const unlock = await ctx.stack.request({
      query: SET,
      variables: {
        input: { userName: 'johndoe', temporaryLockout: null, age: { lastSetAt: 1700000100 } },
      },
    });
    expect(unlock.body).toEqual({
      data: {
        setCredentialPolicyRulesStateByUserName: {
          ...full,
          temporaryLockout: { lockedAt: null },
          age: { lastSetAt: 1700000100 },
        },
      },
    });
    expect((await ctx.stack.request({ query: GET, variables: { u: 'nobody' } })).body).toEqual({
      data: { credentialPolicyRulesStateByUserName: null },
    });
  });

  it('lets an owner read only their own state and never change it', async () => {
    const john = asOwner(ctx.stack, JOHN_ID);
    expect((await john({ query: GET, variables: { u: 'johndoe' } })).body).toEqual({
      data: { credentialPolicyRulesStateByUserName: EMPTY },
    });
    expect((await john({ query: GET, variables: { u: 'janedoe' } })).body).toEqual({
      data: { credentialPolicyRulesStateByUserName: null },
    });
    const set = await john({
      query: SET,
      variables: { input: { userName: 'johndoe', temporaryLockout: null } },
    });
    expect(set.body.data).toEqual({ setCredentialPolicyRulesStateByUserName: null });
    expect(errorsOf(set.body)).toEqual([FORBIDDEN]);
  });

  it('mails a single-use reset link to the primary address through the sender', async () => {
    expect(
      (
        await ctx.stack.request({
          query: RESET,
          variables: { input: { userName: 'johndoe', locale: 'sv' } },
        })
      ).body,
    ).toEqual({ data: { sendPasswordResetEmail: { result: true } } });
    expect(await outbox(ctx.stack)).toEqual([
      {
        id: expect.any(String),
        at: expect.any(Number),
        channel: 'email',
        to: 'john.doe@example.com',
        purpose: 'password-reset',
        accountId: JOHN_ID,
        locale: 'sv',
        link: expect.stringMatching(/^http:\/\/localhost:3000\/reset-password\?token=[\w-]{43}$/),
      },
    ]);
    const token = new URL((await outbox(ctx.stack))[0]!.link!).searchParams.get('token')!;
    expect(await ctx.store.repos.selfService.states.take(token, 'password-reset', JOHN_ID)).toEqual(
      { kind: 'ok', data: {}, remaining: 0 },
    );
    expect(await ctx.store.repos.selfService.states.take(token, 'password-reset', JOHN_ID)).toEqual(
      { kind: 'missing' },
    );
    expect(
      errorsOf(
        (
          await asOwner(
            ctx.stack,
            JANE_ID,
          )({ query: RESET, variables: { input: { email: 'john.doe@example.com' } } })
        ).body,
      ),
    ).toEqual([FORBIDDEN]);
    expect(
      errorsOf(
        (
          await asOwner(
            ctx.stack,
            JANE_ID,
          )({ query: RESET, variables: { input: { userName: 'ghost' } } })
        ).body,
      ),
    ).toEqual([FORBIDDEN]);
    expect(
      (await ctx.stack.request({ query: RESET, variables: { input: { userName: 'ghost' } } })).body,
    ).toEqual({ data: { sendPasswordResetEmail: { result: false } } });
  });

  it('sends an activation link only to an inactive account', async () => {
    expect(
      (await ctx.stack.request({ query: ACTIVATE, variables: { input: { accountId: JOHN_ID } } }))
        .body,
    ).toEqual({ data: { initializeAccountActivation: { result: false } } });
    await ctx.store.repos.accounts.update(JANE_ID, (row) => ({
      record: { ...row.record, active: false },
    }));
    expect(
      (await ctx.stack.request({ query: ACTIVATE, variables: { input: { accountId: JANE_ID } } }))
        .body,
    ).toEqual({ data: { initializeAccountActivation: { result: true } } });
    const [mail] = await outbox(ctx.stack);
    expect(mail).toEqual(
      expect.objectContaining({
        to: 'jane@example.com',
        purpose: 'account-activation',
        link: expect.stringMatching(/^http:\/\/localhost:3000\/activate\?token=/),
      }),
    );
  });
});
