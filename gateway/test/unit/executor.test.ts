import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import pino from 'pino';
import { FastGateway } from '../../src/executor/gateway';
import { dataSources, supergraphSdl, type Tamper, tampering } from './executorSubgraphs';

process.env.APOLLO_TELEMETRY_DISABLED = '1';

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  tamper?: Tamper;
  /**
   * `me`'s keys in the spec's CollectFields order, where Apollo's executor reorders them: it merges
   * same-type inline fragments first. Then the answers must match but for that order.
   */
  specOrder?: string[];
  /** Where ours words an internal error its own way: its messages, in order; the rest must match. */
  ownMessages?: string[];
  /** Which executor runs it, when not ours: Apollo's, or neither (Apollo Server refuses it first). */
  runs?: { own: number; apollo: number };
}

/** Sets the value at `path` in one subgraph's `data`. */
const onField =
  (service: string, path: (string | number)[], value: unknown): Tamper =>
  (name, response) => {
    if (name !== service || !response.data) return;
    let at = response.data as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[path[path.length - 1]!] = value;
  };

const cases: Case[] = [
  {
    name: 'a root field with an alias and __typename',
    query: '{ me { id alias: name __typename } }',
  },
  { name: 'root __typename', query: '{ __typename me { __typename } }' },
  {
    name: 'entity joins through lists, three fetches deep',
    query: '{ users { id name reviews { body rating author { name nick } } } }',
  },
  { name: '@requires', query: '{ users { id greeting } }' },
  {
    name: 'an interface with type conditions',
    query: '{ node(id: "1") { id ... on User { name group { title } } __typename } }',
  },
  {
    name: 'an interface resolving to another type',
    query: '{ node(id: "g2") { id ... on User { name } ... on Group { title } } }',
  },
  {
    name: 'a union with nulls in the list',
    query:
      '{ search(term: "x") { __typename ... on User { name reviewCount } ... on Group { title } } }',
  },
  {
    name: 'named fragments and one field selected twice',
    query:
      'query Q { me { ...F name reviews { body } } } fragment F on User { id reviews { rating id } }',
  },
  {
    name: '@skip/@include with a default and a variable',
    query:
      'query ($s: Boolean = true, $i: Boolean!) { me { id name @skip(if: $s) role @include(if: $i) nick @include(if: true) } }',
    variables: { i: false },
  },
  {
    name: 'two inline fragments on one type around a field',
    query:
      '{ me { ... on User { id } name ... on User { role reviews { id } } ... on Node { id } } }',
    specOrder: ['id', 'name', 'role', 'reviews'],
  },
  {
    name: '@include on a root field',
    query: 'query ($i: Boolean!) { me @include(if: $i) { id } users @skip(if: $i) { id } }',
    variables: { i: true },
  },
  {
    name: '@skip/@include on fragment spreads and inline fragments',
    query:
      'query ($i: Boolean!) { me { ...F @include(if: $i) ... on User @skip(if: true) { role } ... @include(if: $i) { nick } } } fragment F on User { name t: __typename }',
    variables: { i: true },
  },
  {
    name: 'one of several operations, by name',
    query: 'query A { me { id } } query B { users(first: 1) { name reviews { rating } } }',
    operationName: 'B',
  },
  {
    name: 'two mutations in sequence, each with entity fetches',
    query:
      'mutation { a: rename(id: "1", name: "A") { id greeting } b: rename(id: "2", name: "B") { name reviews { body } } }',
  },
  {
    name: 'a variable named __proto__ forwarded to a subgraph',
    query: 'query ($__proto__: Int) { users(first: $__proto__) { id } }',
    variables: JSON.parse('{"__proto__": 1}') as Record<string, unknown>,
  },
  {
    name: 'variables forwarded to a subgraph',
    query: 'query ($n: Int) { users(first: $n) { id } }',
    variables: { n: 2 },
  },
  { name: 'a subgraph default argument', query: '{ topReviews { id author { name } } }' },
  {
    name: 'aliases named like Object.prototype keys',
    query: '{ me { toString: name constructor: id hasOwnProperty: role valueOf: tags } }',
  },
  { name: 'an entity error re-pathed into the answer', query: '{ users { id reviewCount } }' },
  {
    name: 'a null where nullable, across subgraphs',
    query: '{ users { name greeting tags score } }',
  },
  {
    name: 'a mutation then entity fetches',
    query: 'mutation { rename(id: "2", name: "Bo") { id name reviews { rating } greeting } }',
  },
  {
    name: 'an @inaccessible enum value from a subgraph',
    query: '{ me { id role } }',
    tamper: onField('users', ['me', 'role'], 'SECRET'),
  },
  {
    name: 'an unknown __typename from a subgraph',
    query: '{ node(id: "1") { id ... on User { name } } }',
    tamper: onField('users', ['node', '__typename'], 'Hidden'),
  },
  {
    name: 'a null for a non-null list element bubbling to the root',
    query: '{ users { id } }',
    tamper: onField('users', ['users', 1], null),
  },
  {
    name: 'a null for a non-null field inside an entity',
    query: '{ me { id nick reviews { rating } } }',
    tamper: onField('users', ['me', 'nick'], null),
  },
  {
    name: 'an object where the plan expects a list',
    query: '{ users { id reviews { body } } }',
    tamper: onField('users', ['users'], { id: '1', __typename: 'User' }),
    // Apollo's says "value.flatMap is not a function"; ours names what was expected.
    ownMessages: ['Expected a list in the result for path element @'],
  },
  {
    name: 'a string for an Int',
    query: '{ me { score } }',
    tamper: onField('users', ['me', 'score'], '7'),
  },
  {
    name: 'a subgraph answering only errors',
    query: '{ me { id reviews { body } } }',
    tamper: (name, r) => {
      if (name !== 'reviews') return;
      r.data = undefined;
      r.errors = [{ message: 'down', extensions: { code: 'REVIEWS_DOWN' } }];
    },
  },
  {
    name: 'a data source that throws',
    query: '{ me { id greeting } }',
    tamper: (name) => {
      if (name === 'inventory') throw new Error('connection refused');
    },
  },
  {
    name: 'variables of the wrong type',
    query: 'query ($n: Int) { users(first: $n) { id } }',
    variables: { n: 'x' },
  },
  {
    name: 'introspection',
    query: '{ __schema { queryType { name } } }',
    runs: { own: 0, apollo: 1 },
  },
  {
    name: 'a @defer',
    query: '{ me { id ... @defer { reviews { body } } } }',
    runs: { own: 0, apollo: 0 },
  },
];

async function serverWith(own: boolean) {
  const sources = dataSources();
  const logger = pino({ level: 'silent' });
  const inner = new ApolloGateway({
    logger,
    supergraphSdl: supergraphSdl(),
    buildService: ({ name }) => sources.get(name)!,
  });
  const runs = { own: 0, apollo: 0 };
  const onRun = (executor: 'own' | 'apollo') => (runs[executor] += 1);
  const fast = own ? new FastGateway(inner, (n) => sources.get(n), logger, { onRun }) : undefined;
  const server = new ApolloServer({
    gateway: fast ?? inner,
    includeStacktraceInErrorResponses: false,
    logger,
  });
  await server.start();
  return { server, runs };
}

describe('FastGateway (our query-plan executor)', () => {
  let apollo: Awaited<ReturnType<typeof serverWith>>;
  let ours: Awaited<ReturnType<typeof serverWith>>;
  beforeAll(async () => {
    apollo = await serverWith(false);
    ours = await serverWith(true);
  });
  afterAll(async () => {
    await apollo.server.stop();
    await ours.server.stop();
  });
  afterEach(() => {
    tampering.current = undefined;
  });

  const run = async (server: ApolloServer, c: Case) => {
    tampering.current = c.tamper;
    const { query, variables, operationName } = c;
    const res = await server.executeOperation({ query, variables, operationName });
    return JSON.stringify(res.body);
  };

  it.each(cases)('answers exactly what Apollo’s executor answers: $name', async (c) => {
    const before = { ...ours.runs };
    const expected = await run(apollo.server, c);
    const actual = await run(ours.server, c);
    if (c.specOrder) {
      expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
      const body = JSON.parse(actual) as { singleResult: { data: { me: object } } };
      expect(Object.keys(body.singleResult.data.me)).toEqual(c.specOrder);
    } else if (c.ownMessages) {
      const messages = (body: string) =>
        (
          JSON.parse(body) as { singleResult: { errors: { message: string }[] } }
        ).singleResult.errors.map((e) => e.message);
      expect(messages(actual)).toEqual(c.ownMessages);
      const unworded = (body: string, from: string[]) =>
        from.reduce((b, m) => b.replace(JSON.stringify(m), '"…"'), body);
      expect(unworded(actual, c.ownMessages)).toEqual(unworded(expected, messages(expected)));
    } else {
      expect(actual).toEqual(expected);
    }
    const ran = {
      own: ours.runs.own - before.own,
      apollo: ours.runs.apollo - before.apollo,
    };
    expect(ran).toEqual(c.runs ?? { own: 1, apollo: 0 });
    if (process.env.SHOW) console.log(c.name, actual);
  });
});

describe('FastGateway when the supergraph changes', () => {
  it('plans on the new supergraph with its own executor once it is swapped in', async () => {
    const sources = dataSources();
    const logger = pino({ level: 'silent' });
    let swap: ((sdl: string) => void) | undefined;
    const inner = new ApolloGateway({
      logger,
      supergraphSdl: async ({ update }) => {
        swap = update;
        return { supergraphSdl: supergraphSdl(['users', 'reviews']) };
      },
      buildService: ({ name }) => sources.get(name)!,
    });
    const runs = { own: 0, apollo: 0 };
    const onRun = (executor: 'own' | 'apollo') => (runs[executor] += 1);
    const fast = new FastGateway(inner, (n) => sources.get(n), logger, { onRun });
    const server = new ApolloServer({ gateway: fast, logger });
    await server.start();
    try {
      const query = '{ me { id greeting } }';
      const before = await server.executeOperation({ query });
      expect(JSON.stringify(before.body)).toContain('Cannot query field \\"greeting\\"');
      swap!(supergraphSdl());
      const after = await server.executeOperation({ query });
      expect(after.body).toEqual({
        kind: 'single',
        singleResult: { data: { me: { id: '1', greeting: 'hello Ada' } } },
      });
      expect(runs).toEqual({ own: 1, apollo: 0 });
    } finally {
      await server.stop();
    }
  });
});
