import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { AuthContext } from '@fedmgmt/service-kit';
import express from 'express';
import { executeWith, inboundDedup, selectedOperationType } from '../../src/dedup';
import { graphqlHandler } from '../../src/graphqlHttp';
import type { GatewayRequestContext } from '../../src/subgraphClient';

/**
 * The dedup middleware in front of a real Apollo Server whose resolvers block on a gate, so that
 * requests are provably concurrent; each resolver run is counted and answers with who asked.
 */
const typeDefs = `type Query { whoami(tag: String): String other: String } type Mutation { bump: Int }`;
let runs = 0;
let arrived = 0;
let gate: Promise<void> = Promise.resolve();
let open: () => void = () => undefined;
const blocked = async () => {
  runs += 1;
  await gate;
};
const resolvers = {
  Query: {
    whoami: async (_: unknown, a: { tag?: string }, c: GatewayRequestContext) => (
      await blocked(),
      `${c.auth?.subject}:${c.auth?.groups.join('+')}:${a.tag ?? ''}:${runs}`
    ),
    other: async (_: unknown, _a: unknown, c: GatewayRequestContext) => (
      await blocked(),
      `other:${c.auth?.subject}`
    ),
  },
  Mutation: { bump: async () => (await blocked(), runs) },
};

const callers: Record<string, AuthContext> = {
  alice: { kind: 'token', requestId: 'r', subject: 'alice', scopes: ['read'], groups: ['g1'] },
  bob: { kind: 'token', requestId: 'r', subject: 'bob', scopes: ['read'], groups: ['g1'] },
  aliceAdmin: {
    kind: 'token',
    requestId: 'r',
    subject: 'alice',
    scopes: ['read'],
    groups: ['accounts-admin'],
  },
};

let server: Server;
let apollo: ApolloServer<GatewayRequestContext>;
let url: string;

beforeAll(async () => {
  apollo = new ApolloServer<GatewayRequestContext>({ typeDefs, resolvers });
  await apollo.start();
  const app = express();
  app.use(express.json());
  let n = 0;
  // Stands in for the auth middleware: every request gets its own context (own request id).
  app.use((req, res, next) => {
    res.locals.auth = {
      ...callers[String(req.headers['x-test-caller'])]!,
      requestId: `req-${(n += 1)}`,
    };
    arrived += 1;
    next();
  });
  const contextOf = (res: express.Response) => ({ auth: res.locals.auth as AuthContext });
  app.use(inboundDedup(executeWith(apollo), contextOf), graphqlHandler(apollo, contextOf));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.close();
  await apollo.stop();
});

beforeEach(() => {
  runs = 0;
  arrived = 0;
  gate = new Promise((r) => (open = r));
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition not reached');
}

interface Call {
  caller: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Sends all calls at once, releases the resolvers only when every call has reached the server. */
async function concurrently(calls: Call[]): Promise<unknown[]> {
  const pending = calls.map(({ caller, ...body }) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-caller': caller },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() })),
  );
  await until(() => arrived === calls.length);
  await new Promise((r) => setTimeout(r, 20));
  open();
  return Promise.all(pending);
}

/** `value`: the expected whoami string, or a Jest asymmetric matcher for it. */
const data = (value: unknown) => ({ status: 200, body: { data: { whoami: value } } });

describe('inboundDedup', () => {
  it('runs identical concurrent queries of one caller once and gives each the answer', async () => {
    const res = await concurrently([1, 2, 3].map(() => ({ caller: 'alice', query: '{ whoami }' })));
    expect(runs).toBe(1);
    expect(res).toEqual([data('alice:g1::1'), data('alice:g1::1'), data('alice:g1::1')]);
  });

  it('never shares an answer between two different callers', async () => {
    const res = await concurrently([
      { caller: 'alice', query: '{ whoami }' },
      { caller: 'bob', query: '{ whoami }' },
      { caller: 'aliceAdmin', query: '{ whoami }' },
    ]);
    expect(runs).toBe(3);
    expect(res).toEqual([
      data(expect.stringMatching(/^alice:g1::/)),
      data(expect.stringMatching(/^bob:g1::/)),
      data(expect.stringMatching(/^alice:accounts-admin::/)),
    ]);
  });

  it('never shares an answer between two different operations of one caller', async () => {
    const doc = 'query A { whoami } query B { other }';
    const res = await concurrently([
      { caller: 'alice', query: '{ whoami }' },
      { caller: 'alice', query: '{ other }' },
      { caller: 'alice', query: doc, operationName: 'A' },
      { caller: 'alice', query: doc, operationName: 'B' },
      { caller: 'alice', query: 'query($t: String) { whoami(tag: $t) }', variables: { t: 'x' } },
      { caller: 'alice', query: 'query($t: String) { whoami(tag: $t) }', variables: { t: 'y' } },
    ]);
    expect(runs).toBe(6);
    expect(res).toEqual([
      data(expect.stringMatching(/^alice:g1::/)),
      { status: 200, body: { data: { other: 'other:alice' } } },
      data(expect.stringMatching(/^alice:g1::/)),
      { status: 200, body: { data: { other: 'other:alice' } } },
      data(expect.stringMatching(/^alice:g1:x:/)),
      data(expect.stringMatching(/^alice:g1:y:/)),
    ]);
  });

  it('never deduplicates mutations', async () => {
    const res = await concurrently(
      [1, 2].map(() => ({ caller: 'alice', query: 'mutation { bump }' })),
    );
    expect(runs).toBe(2);
    expect(res).toEqual([
      { status: 200, body: { data: { bump: 2 } } },
      { status: 200, body: { data: { bump: 2 } } },
    ]);
  });

  it('caches nothing: the same query after the first answered runs again', async () => {
    open();
    const first = await concurrently([{ caller: 'alice', query: '{ whoami }' }]);
    arrived = 0;
    const second = await concurrently([{ caller: 'alice', query: '{ whoami }' }]);
    expect([first, second, runs]).toEqual([[data('alice:g1::1')], [data('alice:g1::2')], 2]);
  });
});

describe('selectedOperationType', () => {
  it('knows queries from mutations, by operation name, and shares nothing it cannot tell', () => {
    const doc = 'query A { a } mutation B { b }';
    expect([
      selectedOperationType('{ a }', null),
      selectedOperationType(doc, 'A'),
      selectedOperationType(doc, 'B'),
      selectedOperationType(doc, null),
    ]).toEqual(['query', 'query', 'mutation', undefined]);
    expect(selectedOperationType('{ a', null)).toBeUndefined();
    expect(selectedOperationType(`{ a ${' '.repeat(20_000)}}`, null)).toBeUndefined();
  });
});
