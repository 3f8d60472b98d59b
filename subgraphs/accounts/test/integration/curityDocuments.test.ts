import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { buildApiSchema } from '../../../../scripts/lib/supergraph';
import { doc, JOHN_ID } from './seed';
import { useSeededStack } from './selfserviceHelpers';

const DOCS = [
  '01-getAccountByUserName',
  '02-getAccounts',
  '03-getAccountsWithoutSorting',
  '04-getAccountById',
  '05-getAccountByPhoneNumber',
  '06-getCredentialPolicy',
  '07-createAccount',
  '08-updateAccountById',
  '09-deleteAccountById',
  '10-deleteLinkFromAccountByAccountId',
  '11-deleteDeviceFromAccountByAccountId',
  '12-addDeviceToAccountByAccountId',
  '13-validatePasswordAndUpdateAccountById',
  '20-doc-SingleAccount',
];

const time = expect.any(Number);
const mv = (value: string) => ({ value, primary: true, type: null });
/** Nothing registered yet: every configured factor is registrable, saying whether the account has what it needs. */
const mfaWith = (has: { totp: boolean; email: boolean }) => ({
  registeredFactors: { factors: [] },
  registrableFactors: {
    factors: [
      {
        acr: 'urn:se:curity:authentication:totp:totp-optin-mfa',
        description: 'Authenticator app',
        type: 'totp',
        hasDevices: has.totp,
      },
      {
        acr: 'urn:se:curity:authentication:passkeys:passkeys',
        description: 'Passkey',
        type: 'webauthn',
        hasDevices: false,
      },
      {
        acr: 'urn:se:curity:authentication:email:email',
        description: 'Email',
        type: 'email',
        hasDevices: has.email,
      },
    ],
  },
  preferences: null,
  recoveryCodeBatch: null,
});
const JOHN_CLIENT = {
  authenticated_user: 'johndoe',
  client_id: 'client-john-1',
  client_id_issued_at: 1700000000,
  client_name: 'John CLI',
  grant_types: ['authorization_code'],
  redirect_uris: ['https://app.example.com/cb'],
  response_types: ['code'],
  scope: 'openid',
  software_id: null,
  status: 'active',
  subject_type: 'public',
  token_endpoint_auth_methods: ['client_secret_basic'],
};
const TOTP_DEVICE = {
  deviceId: 'eb3472f4-e02d-41a6-805b-a962da1ff72f',
  deviceType: 'totp',
  expiresAt: null,
  alias: 'phone',
  category: { name: 'totp' },
  meta: { created: time, lastModified: time, resourceType: 'Device', timeZoneId: null },
  details: { __typename: 'TotpDeviceDetails', canUseWithTotpAuthenticator: true },
};

function listFields(o: {
  userName: string;
  id: unknown;
  given: string;
  family: string;
  email: string;
  phone: string;
}) {
  return {
    id: o.id,
    userName: o.userName,
    name: { givenName: o.given, familyName: o.family },
    displayName: null,
    nickName: null,
    title: null,
    locale: null,
    timeZone: null,
    active: true,
    emails: [mv(o.email)],
    phoneNumbers: [mv(o.phone)],
    addresses: null,
    groups: null,
    entitlements: null,
    roles: null,
    meta: { created: time, lastModified: time, resourceType: 'User' },
  };
}

const JOHN_LIST = listFields({
  id: JOHN_ID,
  userName: 'johndoe',
  given: 'Johnny',
  family: 'Doe',
  email: 'john.doe@example.com',
  phone: '+46701234567',
});
const JOHN_FULL = {
  ...JOHN_LIST,
  devices: [TOTP_DEVICE],
  mfaOptIn: mfaWith({ totp: true, email: true }),
  dynamicClients: [JOHN_CLIENT],
  linkedAccounts: [{ value: 'johndoe@social.io', domain: 'social.io', created: 1700000000 }],
};

describe('Curity self-service documents', () => {
  const schema = buildApiSchema(
    readFileSync(join(__dirname, '../../../../gateway/supergraph.graphql'), 'utf8'),
  );

  it.each(DOCS)('validates %s against the composed supergraph', (name) => {
    expect(validate(schema, parse(doc(name).query))).toEqual([]);
  });

  describe('through the gateway', () => {
    const ctx = useSeededStack();

    const run = async (name: string) => {
      const res = await ctx.stack.request(doc(name));
      expect(res.status).toBe(200);
      return res.body;
    };

    it('answers 01 getAccountByUserName with the stored account, devices, links, MFA state and clients', async () => {
      expect(await run('01-getAccountByUserName')).toEqual({
        data: { accountByUserName: JOHN_FULL },
      });
    });

    it('answers 02 getAccounts (default sorting, userName STARTS_WITH) with one page and totalCount', async () => {
      expect(await run('02-getAccounts')).toEqual({
        data: {
          accounts: {
            edges: [{ node: JOHN_LIST }],
            pageInfo: { endCursor: null, hasNextPage: false },
            totalCount: 1,
          },
        },
      });
    });

    it('answers 03 getAccountsWithoutSorting (email STARTS_WITH, inactive included)', async () => {
      expect(await run('03-getAccountsWithoutSorting')).toEqual({
        data: {
          accounts: {
            edges: [{ node: JOHN_FULL }],
            pageInfo: { endCursor: null, hasNextPage: false },
            totalCount: 1,
          },
        },
      });
    });

    it('answers 04 getAccountById and 05 getAccountByPhoneNumber with the same account', async () => {
      expect(await run('04-getAccountById')).toEqual({ data: { accountById: JOHN_FULL } });
      expect(await run('05-getAccountByPhoneNumber')).toEqual({
        data: { accountByPhoneNumber: JOHN_FULL },
      });
    });

    it('answers 06 getCredentialPolicy with the configured rules', async () => {
      const body = await run('06-getCredentialPolicy');
      const rules = (
        body.data as { credentialPolicy: { credentialUpdateRules: { __typename: string }[] } }
      ).credentialPolicy.credentialUpdateRules;
      expect(rules.map((r) => r.__typename)).toEqual([
        'MinimumLengthPasswordRule',
        'MinimumLowerCasePasswordRule',
        'MinimumUpperCasePasswordRule',
        'MinimumDigitsPasswordRule',
        'MinimumSpecialPasswordRule',
        'MinimumUniquePasswordRule',
        'MaximumSequencePasswordRule',
      ]);
      expect(rules[0]).toEqual({
        __typename: 'MinimumLengthPasswordRule',
        message: 'at least 8 characters',
        detailedMessage: 'The password must contain at least 8 characters.',
        minimum: 8,
      });
    });

    it('answers 07 createAccount with the new account once the phone number is free', async () => {
      await ctx.store.repos.accounts.delete(JOHN_ID);
      expect(await run('07-createAccount')).toEqual({
        data: {
          createAccount: {
            account: {
              ...listFields({
                id: expect.any(String),
                userName: 'janedoe',
                given: 'Jane',
                family: 'Doe',
                email: 'jane.doe@example.com',
                phone: '+46701234567',
              }),
              devices: [],
              linkedAccounts: [],
              mfaOptIn: mfaWith({ totp: false, email: true }),
              dynamicClients: [],
            },
          },
        },
      });
    });

    it('refuses 07 createAccount with a constraint violation when the phone number is taken', async () => {
      expect(await run('07-createAccount')).toEqual({
        data: { createAccount: null },
        errors: [
          {
            message: 'The phone number provided is already registered',
            path: ['createAccount'],
            extensions: {
              classification: 'constraint-violation',
              field: 'phoneNumbers',
              code: 'BAD_USER_INPUT',
            },
          },
        ],
      });
    });

    it('answers 08 updateAccountById with the patched name and everything else unchanged', async () => {
      expect(await run('08-updateAccountById')).toEqual({
        data: {
          updateAccountById: {
            account: { ...JOHN_FULL, name: { givenName: 'John', familyName: 'Doe' } },
          },
        },
      });
    });

    it('answers 09 deleteAccountById and the account is gone', async () => {
      expect(await run('09-deleteAccountById')).toEqual({
        data: { deleteAccountById: { deleted: true } },
      });
      expect(await run('04-getAccountById')).toEqual({ data: { accountById: null } });
    });

    it('answers 10 deleteLinkFromAccountByAccountId and 11 deleteDeviceFromAccountByAccountId', async () => {
      expect(await run('10-deleteLinkFromAccountByAccountId')).toEqual({
        data: { deleteLinkFromAccountByAccountId: { deleted: true } },
      });
      expect(await run('11-deleteDeviceFromAccountByAccountId')).toEqual({
        data: { deleteDeviceFromAccountByAccountId: { deleted: true } },
      });
      expect(await run('01-getAccountByUserName')).toEqual({
        data: {
          accountByUserName: {
            ...JOHN_FULL,
            devices: [],
            linkedAccounts: [],
            mfaOptIn: mfaWith({ totp: false, email: true }),
          },
        },
      });
    });

    it('answers 12 addDeviceToAccountByAccountId with the stored device', async () => {
      expect(await run('12-addDeviceToAccountByAccountId')).toEqual({
        data: {
          addDeviceToAccountByAccountId: {
            device: {
              ...TOTP_DEVICE,
              deviceId: 'dev-123',
              alias: 'my-phone',
              expiresAt: 1893456000,
            },
          },
        },
      });
    });

    it('answers 13 validatePasswordAndUpdateAccountById, and the old password stops working', async () => {
      expect(await run('13-validatePasswordAndUpdateAccountById')).toEqual({
        data: { validatePasswordAndUpdateAccountById: { account: JOHN_FULL } },
      });
      expect(await run('13-validatePasswordAndUpdateAccountById')).toEqual({
        data: { validatePasswordAndUpdateAccountById: null },
        errors: [
          {
            message: 'The current password is incorrect',
            path: ['validatePasswordAndUpdateAccountById'],
            extensions: { classification: 'credential-update-rejected', code: 'BAD_USER_INPUT' },
          },
        ],
      });
    });

    it('answers 20 SingleAccount as in the Curity docs', async () => {
      expect(await run('20-doc-SingleAccount')).toEqual({
        data: {
          accountByUserName: {
            id: JOHN_ID,
            userName: 'johndoe',
            emails: [{ primary: true, value: 'john.doe@example.com' }],
          },
        },
      });
    });
  });
});
