import Redis from 'ioredis';
import type { AuthContext } from '@fedmgmt/service-kit';
import { silentLogger } from '@fedmgmt/testkit';
import { loadConfig } from '../../src/config';
import { buildContext, createServices } from '../../src/context';
import { createRepositories, createServer, repositoryOptions } from '../../src/server';

const ALICE = 'a1a1a1a1-0000-4000-8000-000000000001';
const BOB = 'b2b2b2b2-0000-4000-8000-000000000002';
const FORBIDDEN = {
  message: 'Not authorized to perform this operation',
  extensions: { code: 'FORBIDDEN' },
};

// Every self-service mutation, acting on Bob's account.
const OPS: [string, string, Record<string, unknown>][] = [
  [
    'startVerifyEmailAddressByAccountId',
    'StartVerifyEmailAddressByAccountIdInput',
    { emailAddress: 'x@example.com' },
  ],
  [
    'completeVerifyEmailAddressByAccountId',
    'CompleteVerifyEmailAddressByAccountIdInput',
    { state: 's', otp: '1' },
  ],
  [
    'updatePrimaryEmailAddressByAccountId',
    'UpdatePrimaryEmailAddressByAccountIdInput',
    { newPrimaryEmailAddress: 'x@example.com' },
  ],
  [
    'deleteEmailAddressByAccountId',
    'DeleteEmailAddressByAccountIdInput',
    { emailAddressToDelete: 'x@example.com' },
  ],
  [
    'startVerifyPhoneNumberByAccountId',
    'StartVerifyPhoneNumberByAccountIdInput',
    { phoneNumber: '+4670' },
  ],
  [
    'completeVerifyPhoneNumberByAccountId',
    'CompleteVerifyPhoneNumberByAccountIdInput',
    { state: 's', otp: '1' },
  ],
  [
    'updatePrimaryPhoneNumberByAccountId',
    'UpdatePrimaryPhoneNumberByAccountIdInput',
    { newPrimaryPhoneNumber: '+4670' },
  ],
  [
    'deletePhoneNumberByAccountId',
    'DeletePhoneNumberByAccountIdInput',
    { phoneNumberToDelete: '+4670' },
  ],
  ['startVerifyTotpDeviceByAccountId', 'StartVerifyTotpDeviceByAccountIdInput', { alias: 'a' }],
  [
    'completeVerifyTotpDeviceByAccountId',
    'CompleteVerifyTotpDeviceByAccountIdInput',
    { state: 's', totp: '1' },
  ],
  ['startVerifyPasskeyByAccountId', 'StartVerifyPasskeyByAccountIdInput', { alias: 'a' }],
  [
    'completeVerifyPasskeyByAccountId',
    'CompleteVerifyPasskeyByAccountIdInput',
    { state: 's', credentialResponseJson: 'e30' },
  ],
  [
    'startOptInMfaSetupByAccountId',
    'StartOptInMfaSetupByAccountIdInput',
    { factors: [{ acr: 'urn:x' }] },
  ],
  ['completeOptInMfaSetupByAccountId', 'CompleteOptInMfaSetupByAccountIdInput', { state: 's' }],
  [
    'addOptInMfaFactorToAccountByAccountId',
    'AddOptInMfaFactorToAccountByAccountIdInput',
    { acr: 'urn:x' },
  ],
  [
    'deleteOptInMfaFactorFromAccountByAccountId',
    'DeleteOptInMfaFactorFromAccountByAccountIdInput',
    { acr: 'urn:x' },
  ],
  ['resetOptInMfaStateByAccountId', 'ResetOptInMfaStateByAccountIdInput', {}],
  ['optOutFromOptInMfaByAccountId', 'OptOutFromOptInMfaByAccountIdInput', {}],
  [
    'startOptInMfaResetRecoveryCodesByAccountId',
    'StartOptInMfaResetRecoveryCodesByAccountIdInput',
    {},
  ],
  [
    'completeOptInMfaResetRecoveryCodesByAccountId',
    'CompleteOptInMfaResetRecoveryCodesByAccountIdInput',
    { state: 's' },
  ],
  ['sendPasswordResetEmail', 'SendPasswordResetInput', {}],
  ['initializeAccountActivation', 'InitializeAccountActivationInput', {}],
];

describe('self-service mutations: authorization before any store access', () => {
  // A client that never connects: any Redis command would fail the test with a connection error.
  const redis = new Redis({
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  const server = createServer({ redis, logger: silentLogger });
  const config = loadConfig({ INTERNAL_AUTH_SECRET: 'u'.repeat(32) });
  const repos = createRepositories(redis, 'unit:', repositoryOptions(config));
  const services = createServices(config);
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const run = (
    name: string,
    type: string,
    fields: Record<string, unknown>,
    auth: Omit<AuthContext, 'requestId'>,
  ) =>
    server.executeOperation(
      {
        query: `mutation ($input: ${type}!) { ${name}(input: $input) { __typename } }`,
        variables: { input: { accountId: BOB, ...fields } },
      },
      { contextValue: buildContext({ requestId: 'unit', ...auth }, repos, silentLogger, services) },
    );

  it.each(OPS)(
    '%s refuses a self-service caller acting on another account',
    async (name, type, fields) => {
      const res = await run(name, type, fields, {
        kind: 'token',
        accountId: ALICE,
        scopes: [],
        groups: [],
      });
      expect(
        res.body.kind === 'single' && {
          data: res.body.singleResult.data,
          errors: res.body.singleResult.errors?.map((e) => ({
            message: e.message,
            extensions: e.extensions,
          })),
        },
      ).toEqual({
        data: { [name]: null },
        errors: [FORBIDDEN],
      });
    },
  );

  it.each(OPS)('%s refuses an anonymous caller', async (name, type, fields) => {
    const res = await run(name, type, fields, { kind: 'anonymous', scopes: [], groups: [] });
    expect(
      res.body.kind === 'single' && res.body.singleResult.errors?.map((e) => e.extensions?.code),
    ).toEqual(['FORBIDDEN']);
  });
});
