import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { startStack, type Stack } from '@fedmgmt/testkit/src/stack';
import { buildApiSchema } from '../../../../scripts/lib/supergraph';
import { doc, JOHN_ID, type Seeded, seedJohn, storeFor } from './seed';

const DOCS = [
  '01-getAccountByUserName', '02-getAccounts', '03-getAccountsWithoutSorting', '04-getAccountById',
  '05-getAccountByPhoneNumber', '06-getCredentialPolicy', '07-createAccount', '08-updateAccountById',
  '09-deleteAccountById', '10-deleteLinkFromAccountByAccountId', '11-deleteDeviceFromAccountByAccountId',
  '12-addDeviceToAccountByAccountId', '13-validatePasswordAndUpdateAccountById', '20-doc-SingleAccount',
];

describe('Curity self-service documents', () => {
  const schema = buildApiSchema(readFileSync(join(__dirname, '../../../../gateway/supergraph.graphql'), 'utf8'));

  it.each(DOCS)('validates %s against the composed supergraph', (name) => {
    expect(validate(schema, parse(doc(name).query))).toEqual([]);
  });

  describe('through the gateway', () => {
    let stack: Stack;
    let store: Seeded;
    beforeAll(async () => {
      stack = await startStack();
      store = await storeFor(stack);
    });
    afterAll(async () => {
      await store.close();
      await stack.stop();
    });
    beforeEach(async () => {
      await store.repos.accounts.delete(JOHN_ID);
      await seedJohn(store.repos).catch(() => undefined);
    });

    it.each(DOCS)('executes %s without errors against seeded accounts', async (name) => {
      const res = await stack.request(doc(name));
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toBeDefined();
    });
  });
});
