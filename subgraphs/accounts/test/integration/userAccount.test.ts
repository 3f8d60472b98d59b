import type { ApolloServer } from '@apollo/server';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { type AccountsContext, buildContext, createServices } from '../../src/context';
import { createServer } from '../../src/server';
import { privateStore } from './store';

const silent = pino({ level: 'silent' });
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email account { userName } } } }`;

describe('User.account', () => {
  let store: Awaited<ReturnType<typeof privateStore>>;
  let server: ApolloServer<AccountsContext>;
  const services = createServices(loadConfig({ INTERNAL_AUTH_SECRET: 'x'.repeat(32) }));
  const admin = { kind: 'token' as const, requestId: 'r', scopes: [], groups: ['accounts-admin'] };

  beforeAll(async () => {
    store = await privateStore();
    server = createServer({ redis: store.redis.duplicate(), logger: silent });
    await server.start();
    for (const u of ['ann', 'ben', 'cat'])
      await store.repos.accounts.create({
        userName: u,
        active: true,
        emails: [{ value: `${u}@example.com`, primary: true }],
      });
    await store.repos.accounts.create({
      userName: 'dan',
      active: true,
      emails: [{ value: 'dan@example.com', primary: true }, { value: 'dan.alias@example.com' }],
    });
  });
  afterAll(async () => {
    await server.stop();
    await store.drop();
  });

  it('resolves many users with one unique-index lookup and one document pipeline, matching only primary emails', async () => {
    const lookups = jest.spyOn(store.repos.accounts, 'idsByUnique');
    const docs = jest.spyOn(store.repos.accounts, 'byIds');
    const emails = [
      'ANN@example.com',
      'ben@example.com',
      'cat@example.com',
      'nobody@example.com',
      'dan.alias@example.com',
    ];
    const res = await server.executeOperation(
      { query: ENTITIES, variables: { r: emails.map((email) => ({ __typename: 'User', email })) } },
      { contextValue: buildContext(admin, store.repos, silent, services) },
    );
    expect(res.body).toEqual({
      kind: 'single',
      singleResult: {
        data: {
          _entities: [
            { email: 'ANN@example.com', account: { userName: 'ann' } },
            { email: 'ben@example.com', account: { userName: 'ben' } },
            { email: 'cat@example.com', account: { userName: 'cat' } },
            { email: 'nobody@example.com', account: null },
            { email: 'dan.alias@example.com', account: null },
          ],
        },
      },
    });
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(docs).toHaveBeenCalledTimes(1);
  });
});
