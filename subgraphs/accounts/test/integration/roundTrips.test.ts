import type { ApolloServer } from '@apollo/server';
import { countRedisRoundTrips, type RoundTripCounter } from '@fedmgmt/testkit';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { type AccountsContext, buildContext, createServices } from '../../src/context';
import { createServer } from '../../src/server';
import { privateStore } from './store';

const silent = pino({ level: 'silent' });
const PAGE = `query($first: Int!) { accounts(first: $first) { totalCount edges { node { id userName emails { value } } } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { account { id userName } } } }`;

/**
 * The console's pages cost the accounts store the same number of Redis round trips whatever
 * their size (bench:console): counted as socket writes of the store's clients.
 */
describe('Redis round trips per page', () => {
  let counter: RoundTripCounter;
  let store: Awaited<ReturnType<typeof privateStore>>;
  let server: ApolloServer<AccountsContext>;
  const services = createServices(loadConfig({ INTERNAL_AUTH_SECRET: 'x'.repeat(32) }));
  const admin = { kind: 'token' as const, requestId: 'r', scopes: [], groups: ['accounts-admin'] };
  const emails = Array.from({ length: 110 }, (_, i) => `user${i}@example.com`);

  beforeAll(async () => {
    counter = countRedisRoundTrips(); // before any client connects
    store = await privateStore();
    server = createServer({ redis: store.redis.duplicate(), logger: silent });
    await server.start();
    for (const [i, email] of emails.entries())
      await store.repos.accounts.create({
        userName: `user${i}`,
        active: true,
        emails: [{ value: email, primary: true }],
      });
  });
  afterAll(async () => {
    await server.stop();
    await store.drop();
    counter.uninstall();
  });

  const roundTrips = async (query: string, variables: Record<string, unknown>) => {
    const before = counter.count();
    const res = await server.executeOperation(
      { query, variables },
      { contextValue: buildContext(admin, store.repos, silent, services) },
    );
    const trips = counter.count() - before;
    expect(res.body.kind === 'single' && res.body.singleResult.errors).toBeFalsy();
    return trips;
  };

  it('lists a page of 10 and of 100 accounts in the same round trips', async () => {
    const ten = await roundTrips(PAGE, { first: 10 });
    const hundred = await roundTrips(PAGE, { first: 100 });
    expect(hundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(3); // count, page of ids, one pipeline of documents
  });

  it("resolves 10 and 100 users' accounts (_entities) in the same round trips", async () => {
    const reps = (n: number) => emails.slice(0, n).map((email) => ({ __typename: 'User', email }));
    const ten = await roundTrips(ENTITIES, { r: reps(10) });
    const hundred = await roundTrips(ENTITIES, { r: reps(100) });
    expect(hundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(2); // one unique-index HMGET, one pipeline of documents
  });
});
