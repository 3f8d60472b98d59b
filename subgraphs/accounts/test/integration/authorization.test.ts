import type { AuthContext } from '@fedmgmt/service-kit';
import type { ApolloServer } from '@apollo/server';
import pino from 'pino';
import { startStack, type Stack } from '@fedmgmt/testkit';
import type { AuthzConfig } from '../../src/config';
import { type AccountsContext, buildContext, createServices } from '../../src/context';
import { loadConfig } from '../../src/config';
import { createServer } from '../../src/server';
import { privateStore } from './store';

const silent = pino({ level: 'silent' });
const FORBIDDEN = [
  {
    message: 'Not authorized to perform this operation',
    path: expect.any(Array),
    extensions: { code: 'FORBIDDEN' },
  },
];
const BY_ID = 'query($id: String!) { accountById(accountId: $id) { userName } }';
const CREATE =
  'mutation($u: String!) { createAccount(input: {fields: {userName: $u}}) { account { userName } } }';
const UPDATE =
  'mutation($id: String!) { updateAccountById(input: {accountId: $id, fields: {title: "t"}}) { account { title } } }';
const DELETE = 'mutation($id: String!) { deleteAccountById(input: {accountId: $id}) { deleted } }';
const CLIENTS =
  '{ dynamicallyRegisteredClients(activeClientsOnly: false) { totalCount edges { node { client_id } } } }';
const SET_STATUS =
  'mutation($c: ID!) { setDynamicallyRegisteredClientStatusById(input: {clientId: $c, status: inactive}) { client { client_id status } } }';
const SCOPE = 'urn:se:curity:scopes:admin:api';

const token = (over: Partial<AuthContext>): AuthContext => ({
  kind: 'token',
  requestId: 't',
  scopes: [SCOPE],
  groups: [],
  ...over,
});

describe('authorization (groups, scopes, self-service)', () => {
  let store: Awaited<ReturnType<typeof privateStore>>;
  let server: ApolloServer<AccountsContext>;
  let alice: string;
  let bob: string;
  const base = loadConfig({ INTERNAL_AUTH_SECRET: 'x'.repeat(32) });
  const authz: AuthzConfig = {
    ...base.authz,
    requiredScopes: { create: [SCOPE], read: [SCOPE], update: [SCOPE], delete: [SCOPE] },
    groupRules: {
      ...base.authz.groupRules,
      readers: { accounts: ['read'] },
      creators: { accounts: ['create'] },
      'dcr-ops': { clients: ['read', 'update'] },
      '*': { accounts: [] },
      devops: { accounts: ['create', 'read', 'update', 'delete'] },
    },
  };
  const services = createServices({ ...base, authz });

  async function run(query: string, auth: AuthContext, variables: Record<string, unknown> = {}) {
    const res = await server.executeOperation(
      { query, variables },
      { contextValue: buildContext(auth, store.repos, silent, services) },
    );
    if (res.body.kind !== 'single') throw new Error('incremental');
    const { data, errors } = res.body.singleResult;
    return errors
      ? {
          data,
          errors: errors.map(({ message, path, extensions }) => ({
            message,
            path,
            extensions: { code: extensions?.code },
          })),
        }
      : { data };
  }

  beforeAll(async () => {
    store = await privateStore();
    server = createServer({ redis: store.redis.duplicate(), logger: silent });
    await server.start();
    alice = (await store.repos.accounts.create({ userName: 'alice', active: true })).id;
    bob = (await store.repos.accounts.create({ userName: 'bob', active: true })).id;
    for (const [id, user] of [
      ['c-alice', 'alice'],
      ['c-bob', 'bob'],
    ]) {
      await store.repos.clients.create(
        {
          client_id: id!,
          client_id_issued_at: 1,
          scope: '',
          grant_types: [],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_methods: [],
          subject_type: 'public',
          status: 'active',
          authenticated_user: user!,
          createdMs: 1,
          lastModifiedMs: 1,
        },
        's',
      );
    }
  });
  afterAll(async () => {
    await server.stop();
    await store.drop();
  });

  it('lets a superadmin keypair and the admin group do everything', async () => {
    const superadmin: AuthContext = {
      kind: 'keypair',
      requestId: 'k',
      scopes: [],
      groups: [],
      user: { uuid: 'u', email: 'a@b', role: 'superadmin', domain: 'default' },
    };
    expect(await run(BY_ID, superadmin, { id: alice })).toEqual({
      data: { accountById: { userName: 'alice' } },
    });
    expect(await run(CREATE, token({ groups: ['accounts-admin'] }), { u: 'carol' })).toEqual({
      data: { createAccount: { account: { userName: 'carol' } } },
    });
  });

  it('grants only the operations a group rule lists, groups given as strings or {value} objects', async () => {
    const reader = token({ groups: ['readers'] });
    expect(await run(BY_ID, reader, { id: bob })).toEqual({
      data: { accountById: { userName: 'bob' } },
    });
    expect(await run(UPDATE, reader, { id: bob })).toEqual({
      data: { updateAccountById: null },
      errors: FORBIDDEN,
    });
    expect(await run(CREATE, reader, { u: 'x1' })).toEqual({
      data: { createAccount: null },
      errors: FORBIDDEN,
    });
    const creator = token({ groups: ['creators'] });
    expect(await run(CREATE, creator, { u: 'dave' })).toEqual({
      data: { createAccount: { account: { userName: 'dave' } } },
    });
    expect(await run(BY_ID, creator, { id: bob })).toEqual({
      data: { accountById: null },
      errors: FORBIDDEN,
    });
    expect(
      await run(DELETE, token({ groups: ['devops', 'readers'] }), { id: 'no-such-id' }),
    ).toEqual({ data: { deleteAccountById: { deleted: false } } });
  });

  it('requires every configured scope from token callers', async () => {
    expect(await run(BY_ID, token({ groups: ['readers'], scopes: [] }), { id: bob })).toEqual({
      data: { accountById: null },
      errors: FORBIDDEN,
    });
    expect(await run(BY_ID, token({ groups: ['nobody'] }), { id: bob })).toEqual({
      data: { accountById: null },
      errors: FORBIDDEN,
    });
  });

  it('limits a self-service caller to its own account, without revealing whether others exist', async () => {
    const me = token({ accountId: alice });
    expect(await run(BY_ID, me, { id: alice })).toEqual({
      data: { accountById: { userName: 'alice' } },
    });
    expect(await run(BY_ID, me, { id: bob })).toEqual({
      data: { accountById: null },
      errors: FORBIDDEN,
    });
    expect(await run(BY_ID, me, { id: 'does-not-exist' })).toEqual({
      data: { accountById: null },
      errors: FORBIDDEN,
    });
    expect(await run('{ accountByUserName(userName: "bob") { id } }', me)).toEqual({
      data: { accountByUserName: null },
      errors: FORBIDDEN,
    });
    expect(await run('{ accountByUserName(userName: "ghost") { id } }', me)).toEqual({
      data: { accountByUserName: null },
      errors: FORBIDDEN,
    });
    expect(await run(UPDATE, me, { id: alice })).toEqual({
      data: { updateAccountById: { account: { title: 't' } } },
    });
    expect(await run(UPDATE, me, { id: bob })).toEqual({
      data: { updateAccountById: null },
      errors: FORBIDDEN,
    });
    expect(await run('{ accounts { totalCount } }', me)).toEqual({ data: null, errors: FORBIDDEN });
    expect(await run(CREATE, me, { u: 'x2' })).toEqual({
      data: { createAccount: null },
      errors: FORBIDDEN,
    });
  });

  it('shows a self-service caller only its own DCR clients', async () => {
    const me = token({ accountId: alice });
    expect(await run(CLIENTS, me)).toEqual({
      data: {
        dynamicallyRegisteredClients: {
          totalCount: 1,
          edges: [{ node: { client_id: 'c-alice' } }],
        },
      },
    });
    expect(
      await run('{ dynamicallyRegisteredClientById(clientId: "c-bob") { client_id } }', me),
    ).toEqual({ data: { dynamicallyRegisteredClientById: null }, errors: FORBIDDEN });
    expect(await run(SET_STATUS, me, { c: 'c-bob' })).toEqual({
      data: { setDynamicallyRegisteredClientStatusById: null },
      errors: FORBIDDEN,
    });
    expect(await run(SET_STATUS, me, { c: 'c-alice' })).toEqual({
      data: {
        setDynamicallyRegisteredClientStatusById: {
          client: { client_id: 'c-alice', status: 'inactive' },
        },
      },
    });
  });

  it('applies client rules separately from account rules', async () => {
    const ops = token({ groups: ['dcr-ops'] });
    expect(await run(CLIENTS, ops)).toEqual({
      data: { dynamicallyRegisteredClients: { totalCount: 2, edges: expect.any(Array) } },
    });
    expect(await run(SET_STATUS, ops, { c: 'c-bob' })).toEqual({
      data: {
        setDynamicallyRegisteredClientStatusById: {
          client: { client_id: 'c-bob', status: 'inactive' },
        },
      },
    });
    expect(await run(BY_ID, ops, { id: bob })).toEqual({
      data: { accountById: null },
      errors: FORBIDDEN,
    });
  });
});

describe('authorization through the subgraph HTTP guard', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('refuses anonymous and service contexts and serves the admin group', async () => {
    const body = { query: '{ accounts { totalCount } }' };
    const denied = {
      data: null,
      errors: [
        {
          message: 'Not authorized to perform this operation',
          locations: [{ line: 1, column: 3 }],
          path: ['accounts'],
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    };
    expect(
      (await stack.subgraphRequest('accounts', body, { kind: 'anonymous', scopes: [], groups: [] }))
        .body,
    ).toEqual(denied);
    expect(
      (await stack.subgraphRequest('accounts', body, { kind: 'service', scopes: [], groups: [] }))
        .body,
    ).toEqual(denied);
    expect(
      (
        await stack.subgraphRequest('accounts', body, {
          kind: 'token',
          scopes: [],
          groups: ['accounts-admin'],
        })
      ).body,
    ).toEqual({ data: { accounts: { totalCount: 0 } } });
  });
});
