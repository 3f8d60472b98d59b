import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { type AuthContext, mintContext, secretKey } from '@fedmgmt/service-kit';
import { startStack, type Stack } from '@fedmgmt/testkit';
import { REGISTRATION_BINDING, REGISTRATION_PATH } from '../../src/dcr/registrationRoute';

/**
 * A DCR client secret is shown once, in the RFC 7591 registration response. Afterwards no caller
 * (accounts administrator, the owning account's self-service token, a Backend.AI superadmin
 * through the gateway, another account) reads it or its hash on any path: by id, the list, the
 * account's dynamicClients, or the status mutation's payload, with every field selected.
 */
type Who = 'admin' | 'owner' | 'other' | 'superadmin';
const SCHEMA = join(__dirname, '..', '..', 'src', 'schema');

function clientFields(): string {
  const doc = parse(
    readdirSync(SCHEMA)
      .filter((f) => f.endsWith('.graphql'))
      .map((f) => readFileSync(join(SCHEMA, f), 'utf8'))
      .join('\n'),
  );
  const t = doc.definitions.find(
    (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'DynamicallyRegisteredClient',
  );
  if (!t || t.kind !== Kind.OBJECT_TYPE_DEFINITION)
    throw new Error('no DynamicallyRegisteredClient type');
  return (t.fields ?? []).map((f) => f.name.value).join(' ');
}

describe('DCR client secrets after registration', () => {
  let stack: Stack;
  let clientId: string;
  let clientSecret: string;
  let ownerId: string;
  const F = clientFields();

  beforeAll(async () => {
    stack = await startStack();
    const ctx = await mintContext(
      { kind: 'token', requestId: 'r', scopes: [], groups: ['accounts-admin'], subject: 'alice' },
      { audience: 'accounts', key: secretKey(stack.secrets.accounts), body: REGISTRATION_BINDING },
    );
    const res = await fetch(new URL(REGISTRATION_PATH, stack.accountsUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-internal-auth': ctx },
      body: JSON.stringify({
        redirect_uris: ['https://app.example.com/cb'],
        client_name: 'Grace CLI',
        scope: 'openid',
        authenticated_user: 'grace',
      }),
    });
    const body = (await res.json()) as { client_id: string; client_secret: string };
    expect(res.status).toBe(201);
    ({ client_id: clientId, client_secret: clientSecret } = body);
    const created = await stack.request({
      query: 'mutation { createAccount(input: {fields: {userName: "grace"}}) { account { id } } }',
    });
    ownerId = (created.body.data as { createAccount: { account: { id: string } } }).createAccount
      .account.id;
  });
  afterAll(() => stack?.stop());

  const ctxOf = (who: Exclude<Who, 'superadmin'>): Omit<AuthContext, 'requestId'> =>
    who === 'admin'
      ? { kind: 'token', subject: 'alice', scopes: [], groups: ['accounts-admin'] }
      : {
          kind: 'token',
          subject: who,
          scopes: [],
          groups: [],
          accountId: who === 'owner' ? ownerId : '00000000-0000-4000-8000-000000000000',
        };
  const ask = (who: Who, query: string) =>
    who === 'superadmin'
      ? stack.request({ query })
      : stack.subgraphRequest('accounts', { query }, ctxOf(who));

  const paths: [string, () => string][] = [
    [
      'dynamicallyRegisteredClientById',
      () => `{ dynamicallyRegisteredClientById(clientId: "${clientId}") { ${F} } }`,
    ],
    [
      'dynamicallyRegisteredClients',
      () =>
        `{ dynamicallyRegisteredClients(userName: "grace", activeClientsOnly: false) { edges { node { ${F} } } } }`,
    ],
    [
      'accountById.dynamicClients',
      () => `{ accountById(accountId: "${ownerId}") { dynamicClients { ${F} } } }`,
    ],
    [
      'setDynamicallyRegisteredClientStatusById',
      () =>
        `mutation { setDynamicallyRegisteredClientStatusById(input: {clientId: "${clientId}", status: active}) { client { ${F} } } }`,
    ],
  ];

  it('had a secret to hide', () => {
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(F).toContain('client_id');
  });

  describe.each(paths)('%s', (_name, query) => {
    it.each(['admin', 'owner', 'other', 'superadmin'] as const)(
      'never shows %s the secret or its hash',
      async (who) => {
        const res = await ask(who, query());
        const text = JSON.stringify(res.body);
        expect(text).not.toContain(clientSecret);
        expect(text).not.toContain(createHash('sha256').update(clientSecret).digest('hex'));
        // Not vacuous: administrators do get the client, with every field selected.
        if (who === 'admin' || who === 'superadmin')
          expect({
            status: res.status,
            errors: (res.body as { errors?: unknown }).errors,
            found: text.includes(clientId),
          }).toEqual({ status: 200, errors: undefined, found: true });
        if (who === 'other') expect(text.includes(clientId)).toBe(false);
      },
    );
  });
});
