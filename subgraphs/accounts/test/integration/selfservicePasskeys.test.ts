import { JOHN_ID } from './seed';
import { type CreationOptions, register } from './selfserviceAuthenticator';
import { asOwner, errorsOf, INVALID_STATE, JANE_ID, M, useSeededStack } from './selfserviceHelpers';

const ORIGIN = 'http://localhost:3000';
const START = `mutation ($input: StartVerifyPasskeyByAccountIdInput!) { startVerifyPasskeyByAccountId(input: $input) { state credentialOptionsJson } }`;
const COMPLETE = `mutation ($input: CompleteVerifyPasskeyByAccountIdInput!) { completeVerifyPasskeyByAccountId(input: $input) { result } }`;
const REJECTED = {
  message: 'The passkey could not be verified; start again',
  extensions: { classification: 'localized-validation-error', code: 'PASSKEY_REJECTED' },
};

type Started = { state: string; credentialOptionsJson: string };

describe('self-service passkeys', () => {
  const ctx = useSeededStack({ withJane: true });

  const start = async (alias = 'laptop') => {
    const res = await ctx.stack.request({
      query: START,
      variables: { input: { accountId: JOHN_ID, alias } },
    });
    const s = (res.body.data as { startVerifyPasskeyByAccountId: Started })
      .startVerifyPasskeyByAccountId;
    return {
      s,
      options: JSON.parse(
        Buffer.from(s.credentialOptionsJson, 'base64url').toString('utf8'),
      ) as CreationOptions & Record<string, unknown>,
    };
  };
  const complete = (state: string, encoded: string, accountId = JOHN_ID) => ({
    query: COMPLETE,
    variables: { input: { accountId, state, credentialResponseJson: encoded } },
  });

  it('registers a software authenticator through the gateway and shows it as a WebAuthn device', async () => {
    const { s, options } = await start();
    expect(options).toEqual(
      expect.objectContaining({
        challenge: expect.stringMatching(/^[\w-]{43}$/),
        rp: { id: 'localhost', name: 'fedmgmt' },
        attestation: 'none',
        user: { id: Buffer.from(JOHN_ID).toString('base64url'), name: 'johndoe', displayName: '' },
        excludeCredentials: [],
      }),
    );
    const cred = register(options, ORIGIN);
    expect((await ctx.stack.request(complete(s.state, cred.encoded))).body).toEqual({
      data: { completeVerifyPasskeyByAccountId: { result: true } },
    });
    const account = await ctx.stack.request({ query: M.account, variables: { id: JOHN_ID } });
    expect(
      (account.body.data as { accountById: { devices: unknown[] } }).accountById.devices,
    ).toEqual([
      expect.objectContaining({ deviceType: 'totp' }),
      {
        deviceId: cred.id,
        alias: 'laptop',
        deviceType: 'webauthn',
        category: { name: 'webauthn' },
        details: { __typename: 'WebAuthnDeviceDetails', webAuthnAuthenticator: null },
      },
    ]);
    const next = await start('phone');
    expect(next.options.excludeCredentials).toEqual([{ id: cred.id, type: 'public-key' }]);
    const del = `mutation ($input: DeleteDeviceFromAccountByAccountIdInput!) { deleteDeviceFromAccountByAccountId(input: $input) { deleted } }`;
    expect(
      (
        await ctx.john({
          query: del,
          variables: { input: { accountId: JOHN_ID, deviceId: cred.id } },
        })
      ).body,
    ).toEqual({ data: { deleteDeviceFromAccountByAccountId: { deleted: true } } });
    expect((await start('again')).options.excludeCredentials).toEqual([]);
  });

  it('forgets every self-service key of an account on deleteAccountData', async () => {
    const { s, options } = await start();
    await ctx.john(complete(s.state, register(options, ORIGIN).encoded));
    const pk = `ss:pk:${Buffer.from(JOHN_ID).toString('hex')}`;
    expect(await ctx.stack.redis.exists(pk)).toBe(1);
    expect(await ctx.store.repos.selfService.store.deleteAccountData(JOHN_ID)).toBe(1);
    expect(await ctx.stack.redis.exists(pk)).toBe(0);
  });

  it('refuses a response to another challenge or relying party, and the state is then spent', async () => {
    const { s, options } = await start();
    const forged = register(options, ORIGIN, {
      challenge: Buffer.from('not-the-challenge').toString('base64url'),
    });
    expect(errorsOf((await ctx.john(complete(s.state, forged.encoded))).body)).toEqual([REJECTED]);
    expect(
      errorsOf((await ctx.john(complete(s.state, register(options, ORIGIN).encoded))).body),
    ).toEqual([INVALID_STATE]);
    const other = await start();
    expect(
      errorsOf(
        (
          await ctx.john(
            complete(
              other.s.state,
              register(other.options, ORIGIN, { rpId: 'evil.example' }).encoded,
            ),
          )
        ).body,
      ),
    ).toEqual([REJECTED]);
    const wrongOrigin = await start();
    expect(
      errorsOf(
        (
          await ctx.john(
            complete(
              wrongOrigin.s.state,
              register(wrongOrigin.options, 'https://evil.example').encoded,
            ),
          )
        ).body,
      ),
    ).toEqual([REJECTED]);
  });

  it("refuses another account's state and a replayed state", async () => {
    const { s, options } = await start();
    const cred = register(options, ORIGIN);
    expect(
      errorsOf((await asOwner(ctx.stack, JANE_ID)(complete(s.state, cred.encoded, JANE_ID))).body),
    ).toEqual([INVALID_STATE]);
    expect((await ctx.john(complete(s.state, cred.encoded))).body).toEqual({
      data: { completeVerifyPasskeyByAccountId: { result: true } },
    });
    expect(errorsOf((await ctx.john(complete(s.state, cred.encoded))).body)).toEqual([
      INVALID_STATE,
    ]);
  });
});
