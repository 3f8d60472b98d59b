import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { graphqlHandler } from '../../src/graphqlHttp';
import type { GatewayRequestContext } from '../../src/subgraphClient';

/**
 * graphqlHandler against the stock expressMiddleware it replaces, on one Apollo Server: the same
 * status, headers and body for every request, except that a POST's answer carries no ETag.
 */
const typeDefs = 'type Query { hello(name: String): String who: String boom: String }';
const resolvers = {
  Query: {
    hello: (_: unknown, a: { name?: string }) => `hello ${a.name ?? 'you'}`,
    who: (_: unknown, _a: unknown, c: GatewayRequestContext) => c.auth?.subject ?? null,
    boom: () => {
      throw new Error('boom');
    },
  },
};

let apollo: ApolloServer<GatewayRequestContext>;
let server: Server;
let base: string;

beforeAll(async () => {
  apollo = new ApolloServer<GatewayRequestContext>({ typeDefs, resolvers, csrfPrevention: true });
  await apollo.start();
  const app = express();
  app.use(express.json());
  app.use((_req, res, next) => {
    res.locals.auth = { kind: 'token', requestId: 'r', subject: 'alice', scopes: [], groups: [] };
    next();
  });
  const contextOf = (res: express.Response): GatewayRequestContext => ({
    auth: res.locals.auth as GatewayRequestContext['auth'],
  });
  app.use('/ours', graphqlHandler(apollo, contextOf));
  app.use('/stock', expressMiddleware(apollo, { context: async ({ res }) => contextOf(res) }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await apollo.stop();
});

async function call(route: string, init: RequestInit & { search?: string }) {
  const res = await fetch(`${base}/${route}${init.search ?? ''}`, init);
  const headers = Object.fromEntries(
    [...res.headers].filter(([k]) => !['date', 'etag', 'connection', 'keep-alive'].includes(k)),
  );
  return { status: res.status, headers, etag: res.headers.get('etag'), body: await res.text() };
}

const json = { 'content-type': 'application/json' };
const posts: [string, RequestInit][] = [
  ['a query', { method: 'POST', headers: json, body: '{"query":"{ hello who }"}' }],
  [
    'variables',
    {
      method: 'POST',
      headers: json,
      body: '{"query":"query($n:String){ hello(name:$n) }","variables":{"n":"bo"}}',
    },
  ],
  ['a resolver error', { method: 'POST', headers: json, body: '{"query":"{ boom }"}' }],
  ['a parse error', { method: 'POST', headers: json, body: '{"query":"{ hello "}' }],
  ['a validation error', { method: 'POST', headers: json, body: '{"query":"{ nope }"}' }],
  ['no query', { method: 'POST', headers: json, body: '{}' }],
  [
    'an unsupported Accept',
    { method: 'POST', headers: { ...json, accept: 'text/plain' }, body: '{"query":"{ hello }"}' },
  ],
];

describe('graphqlHandler', () => {
  it.each(posts)(
    'answers a POST with %s as expressMiddleware does, without an ETag',
    async (_n, init) => {
      const ours = await call('ours', init);
      const stock = await call('stock', init);
      expect({ ...ours, etag: undefined }).toEqual({ ...stock, etag: undefined });
      expect(ours.etag).toBeNull();
      expect(ours.headers['content-length']).toBe(String(Buffer.byteLength(ours.body)));
    },
  );

  it('answers a GET query as expressMiddleware does, ETag and conditional request included', async () => {
    const search = `?query=${encodeURIComponent('{ hello }')}`;
    const get = { method: 'GET', search, headers: { 'apollo-require-preflight': 'true' } };
    const ours = await call('ours', get);
    const stock = await call('stock', get);
    expect(ours).toEqual(stock);
    expect(ours.etag).toBeTruthy();
    const conditional = { ...get, headers: { ...get.headers, 'if-none-match': ours.etag! } };
    expect(await call('ours', conditional)).toEqual(await call('stock', conditional));
    const blocked = await call('ours', { method: 'GET', search });
    expect(blocked).toEqual(await call('stock', { method: 'GET', search }));
    expect(blocked.status).toBe(400);
  });
});
