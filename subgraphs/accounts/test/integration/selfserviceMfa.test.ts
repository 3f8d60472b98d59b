import { doc, JOHN_ID } from './seed';
import { asOwner, errorsOf, INVALID_STATE, JANE_ID, M, useSeededStack } from './selfserviceHelpers';

const TOTP_ACR = 'urn:se:curity:authentication:totp:totp-optin-mfa';
const EMAIL_ACR = 'urn:se:curity:authentication:email:email';
const STATE = expect.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const CODE = { value: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/) };
const time = expect.any(Number);
const Q = {
  complete: `mutation ($input: CompleteOptInMfaSetupByAccountIdInput!) { completeOptInMfaSetupByAccountId(input: $input) { account { id mfaOptIn { registeredFactors { factors { acr expectedUserName type } } recoveryCodeBatch { batchId codes { consumed } } } } } }`,
  add: `mutation ($input: AddOptInMfaFactorToAccountByAccountIdInput!) { addOptInMfaFactorToAccountByAccountId(input: $input) { added } }`,
  del: `mutation ($input: DeleteOptInMfaFactorFromAccountByAccountIdInput!) { deleteOptInMfaFactorFromAccountByAccountId(input: $input) { deleted } }`,
  optOut: `mutation ($input: OptOutFromOptInMfaByAccountIdInput) { optOutFromOptInMfaByAccountId(input: $input) { optedOut } }`,
  startRc: `mutation ($input: StartOptInMfaResetRecoveryCodesByAccountIdInput!) { startOptInMfaResetRecoveryCodesByAccountId(input: $input) { recoveryCodes { value } state } }`,
  completeRc: `mutation ($input: CompleteOptInMfaResetRecoveryCodesByAccountIdInput!) { completeOptInMfaResetRecoveryCodesByAccountId(input: $input) { account { mfaOptIn { recoveryCodeBatch { batchId codes { consumed } } } } } }`,
};

type Setup = { factors: unknown[]; recoveryCodes: { value: string }[]; state: string };

describe('self-service opt-in MFA', () => {
  const ctx = useSeededStack({ withJane: true });

  const mfaOptIn = async () =>
    (
      (await ctx.stack.request({ query: M.account, variables: { id: JOHN_ID } })).body.data as {
        accountById: { mfaOptIn: unknown };
      }
    ).accountById.mfaOptIn;
  const setUp = async (): Promise<Setup> => {
    const res = await ctx.stack.request(doc('18-startOptInMfaSetupByAccountId'));
    const s = (res.body.data as { startOptInMfaSetupByAccountId: Setup })
      .startOptInMfaSetupByAccountId;
    await ctx.john({
      query: Q.complete,
      variables: { input: { accountId: JOHN_ID, state: s.state } },
    });
    return s;
  };

  it('runs document 18, completes the setup and shows the real state; document 19 resets it', async () => {
    const res = await ctx.stack.request(doc('18-startOptInMfaSetupByAccountId'));
    expect(res.body).toEqual({
      data: {
        startOptInMfaSetupByAccountId: {
          factors: [
            { acr: TOTP_ACR, description: 'Authenticator app', type: 'totp', hasDevices: true },
          ],
          recoveryCodes: Array.from({ length: 10 }, () => CODE),
          state: STATE,
        },
      },
    });
    expect(await mfaOptIn()).toEqual({
      registeredFactors: { factors: [] },
      preferences: null,
      recoveryCodeBatch: null,
    });
    const s = (res.body.data as { startOptInMfaSetupByAccountId: Setup })
      .startOptInMfaSetupByAccountId;
    const done = await ctx.john({
      query: Q.complete,
      variables: { input: { accountId: JOHN_ID, state: s.state } },
    });
    const batch = {
      batchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      codes: Array.from({ length: 10 }, () => ({ consumed: false })),
    };
    expect(done.body).toEqual({
      data: {
        completeOptInMfaSetupByAccountId: {
          account: {
            id: JOHN_ID,
            mfaOptIn: {
              registeredFactors: {
                factors: [{ acr: TOTP_ACR, expectedUserName: 'johndoe', type: 'totp' }],
              },
              recoveryCodeBatch: batch,
            },
          },
        },
      },
    });
    expect(await mfaOptIn()).toEqual({
      registeredFactors: {
        factors: [
          {
            acr: TOTP_ACR,
            expectedUserName: 'johndoe',
            changedAt: time,
            description: 'Authenticator app',
            type: 'totp',
          },
        ],
      },
      preferences: null,
      recoveryCodeBatch: {
        ...batch,
        createdAt: time,
        codes: Array.from({ length: 10 }, () => ({ consumed: false, consumedAt: null })),
      },
    });
    expect(JSON.stringify(await mfaOptIn())).not.toContain(s.recoveryCodes[0]!.value);
    expect((await ctx.stack.request(doc('19-resetOptInMfaStateByAccountId'))).body).toEqual({
      data: { resetOptInMfaStateByAccountId: { deleted: true } },
    });
    expect(await mfaOptIn()).toEqual({
      registeredFactors: { factors: [] },
      preferences: null,
      recoveryCodeBatch: null,
    });
    expect((await ctx.stack.request(doc('19-resetOptInMfaStateByAccountId'))).body).toEqual({
      data: { resetOptInMfaStateByAccountId: { deleted: false } },
    });
  });

  it('offers as registrable only the configured factors not registered yet', async () => {
    const registrable = async () =>
      (
        (
          await ctx.stack.request({
            query: `query ($id: String!) { accountById(accountId: $id) { mfaOptIn { registrableFactors { factors { acr hasDevices } } } } }`,
            variables: { id: JOHN_ID },
          })
        ).body.data as { accountById: { mfaOptIn: { registrableFactors: { factors: unknown[] } } } }
      ).accountById.mfaOptIn.registrableFactors.factors;
    const passkey = { acr: 'urn:se:curity:authentication:passkeys:passkeys', hasDevices: false };
    const email = { acr: 'urn:se:curity:authentication:email:email', hasDevices: true };
    expect(await registrable()).toEqual([{ acr: TOTP_ACR, hasDevices: true }, passkey, email]);
    await setUp();
    expect(await registrable()).toEqual([passkey, email]);
  });

  it("refuses a replayed setup state, another account's state and an unknown factor", async () => {
    const res = await ctx.stack.request(doc('18-startOptInMfaSetupByAccountId'));
    const s = (res.body.data as { startOptInMfaSetupByAccountId: Setup })
      .startOptInMfaSetupByAccountId;
    const jane = asOwner(ctx.stack, JANE_ID);
    expect(
      errorsOf(
        (
          await jane({
            query: Q.complete,
            variables: { input: { accountId: JANE_ID, state: s.state } },
          })
        ).body,
      ),
    ).toEqual([INVALID_STATE]);
    await ctx.john({
      query: Q.complete,
      variables: { input: { accountId: JOHN_ID, state: s.state } },
    });
    expect(
      errorsOf(
        (
          await ctx.john({
            query: Q.complete,
            variables: { input: { accountId: JOHN_ID, state: s.state } },
          })
        ).body,
      ),
    ).toEqual([INVALID_STATE]);
    const unknown = await ctx.john({
      query: doc('18-startOptInMfaSetupByAccountId').query,
      variables: { input: { accountId: JOHN_ID, factors: [{ acr: 'urn:x' }] } },
    });
    expect(errorsOf(unknown.body)).toEqual([
      {
        message: `Unknown MFA factor "urn:x"; registrable factors: ${TOTP_ACR}, urn:se:curity:authentication:passkeys:passkeys, ${EMAIL_ACR}`,
        extensions: { classification: 'localized-validation-error', code: 'UNKNOWN_FACTOR' },
      },
    ]);
  });

  it('adds and deletes factors, refusing to delete the last one', async () => {
    await setUp();
    const input = (acr: string) => ({ input: { accountId: JOHN_ID, acr } });
    expect((await ctx.john({ query: Q.add, variables: input(EMAIL_ACR) })).body).toEqual({
      data: { addOptInMfaFactorToAccountByAccountId: { added: true } },
    });
    expect((await ctx.john({ query: Q.add, variables: input(EMAIL_ACR) })).body).toEqual({
      data: { addOptInMfaFactorToAccountByAccountId: { added: false } },
    });
    expect((await ctx.john({ query: Q.del, variables: input(TOTP_ACR) })).body).toEqual({
      data: { deleteOptInMfaFactorFromAccountByAccountId: { deleted: true } },
    });
    const last = await ctx.john({ query: Q.del, variables: input(EMAIL_ACR) });
    expect(errorsOf(last.body)).toEqual([
      {
        message: 'The last factor cannot be deleted; reset the opt-in MFA state instead',
        extensions: { classification: 'localized-validation-error', code: 'LAST_FACTOR' },
      },
    ]);
    const factors = (
      (await mfaOptIn()) as { registeredFactors: { factors: { acr: string }[] } }
    ).registeredFactors.factors.map((f) => f.acr);
    expect(factors).toEqual([EMAIL_ACR]);
  });

  it('opts out only without registered factors, and records when', async () => {
    await setUp();
    expect(
      errorsOf(
        (await ctx.john({ query: Q.optOut, variables: { input: { accountId: JOHN_ID } } })).body,
      ),
    ).toEqual([
      expect.objectContaining({
        extensions: { classification: 'localized-validation-error', code: 'FACTORS_REGISTERED' },
      }),
    ]);
    await ctx.stack.request(doc('19-resetOptInMfaStateByAccountId'));
    expect(
      (await ctx.john({ query: Q.optOut, variables: { input: { accountId: JOHN_ID } } })).body,
    ).toEqual({ data: { optOutFromOptInMfaByAccountId: { optedOut: true } } });
    expect(await mfaOptIn()).toEqual({
      registeredFactors: { factors: [] },
      preferences: { optOutAt: time },
      recoveryCodeBatch: null,
    });
  });

  it('replaces the recovery codes, keeping only keyed hashes at rest', async () => {
    const first = await setUp();
    const rcKey = `ss:rc:${Buffer.from(JOHN_ID).toString('hex')}`;
    const before = await ctx.stack.redis.hgetall(rcKey);
    const started = await ctx.john({
      query: Q.startRc,
      variables: { input: { accountId: JOHN_ID } },
    });
    expect(started.body).toEqual({
      data: {
        startOptInMfaResetRecoveryCodesByAccountId: {
          recoveryCodes: Array.from({ length: 10 }, () => CODE),
          state: STATE,
        },
      },
    });
    const s = (started.body.data as { startOptInMfaResetRecoveryCodesByAccountId: Setup })
      .startOptInMfaResetRecoveryCodesByAccountId;
    const done = await ctx.john({
      query: Q.completeRc,
      variables: { input: { accountId: JOHN_ID, state: s.state } },
    });
    const batch = (
      done.body.data as {
        completeOptInMfaResetRecoveryCodesByAccountId: {
          account: { mfaOptIn: { recoveryCodeBatch: { batchId: string } } };
        };
      }
    ).completeOptInMfaResetRecoveryCodesByAccountId.account.mfaOptIn.recoveryCodeBatch;
    const after = await ctx.stack.redis.hgetall(rcKey);
    expect(after).toEqual({ batchId: batch.batchId, codes: expect.any(String) });
    expect(after.batchId).not.toEqual(before.batchId);
    const stored = JSON.stringify(after);
    for (const code of [...first.recoveryCodes, ...s.recoveryCodes])
      expect(stored).not.toContain(code.value);
    expect(JSON.parse(after.codes!)).toHaveLength(10);
  });
});
