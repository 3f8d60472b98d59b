import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import type { ApolloServer } from '@apollo/server';
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import pino from 'pino';
import { type AdminContext, buildContext } from '../../src/context';
import { ensureBootstrapSuperadmin } from '../../src/data/bootstrap';
import { type MongoStore, storeOf } from '../../src/data/mongo';
import type { Repositories } from '../../src/data/repositories';
import { createRepositories, createServer, ensureIndexes } from '../../src/server';
import { seedDataset } from '../../scripts/lib/dataset';
import type { FieldMap } from '../../src/minilang/compile';
import {
  AGENT_FIELDS,
  CONTAINER_FIELDS,
  KEYPAIR_FIELDS,
  SESSION_FIELDS,
  USER_FIELDS,
} from '../../src/minilang/fields';

/** The fields of a listIndexes entry these tests read. */
type IndexInfo = { key: Record<string, unknown>; unique?: boolean; name?: string };

const PAGE = `query($limit: Int!, $filter: String) {
  user_list(offset: 0, limit: $limit, order: "+email", filter: $filter) {
    total_count
    items { email groups { id name } keypairs { access_key is_active } domain { name total_resource_slots } }
  }
}`;

describe('DataLoader batching', () => {
  let mongo: Embedded;
  let client: MongoClient;
  let repos: Repositories;
  let server: ApolloServer<AdminContext>;
  const started: string[] = [];

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = new MongoClient(mongo.url, { monitorCommands: true, serverSelectionTimeoutMS: 3000 });
    await client.connect();
    const store: MongoStore = {
      ...storeOf(client, 'command_count', 5000),
      close: async () => undefined,
    };
    repos = createRepositories(store, { secretEncryptionKey: Buffer.alloc(32, 7) });
    await ensureIndexes(repos);
    await ensureBootstrapSuperadmin(repos, {
      email: 'admin@lablup.com',
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      secretKey: 'x'.repeat(40),
    });
    await seedDataset(repos, { users: 150 });
    server = createServer({ store, logger: pino({ level: 'silent' }) });
    await server.start();
    client.on('commandStarted', (e: CommandStartedEvent) => started.push(e.commandName));
  });
  afterAll(async () => {
    await server?.stop();
    await client?.close();
    await mongo?.stop();
  });

  const commandsFor = async (limit: number) => {
    const me = await repos.users.byEmail('admin@lablup.com');
    const auth = {
      kind: 'keypair' as const,
      requestId: 'cc',
      scopes: [],
      groups: [],
      user: {
        uuid: me?._id ?? '',
        email: 'admin@lablup.com',
        role: 'superadmin' as const,
        domain: 'default',
      },
    };
    started.length = 0;
    const res = await server.executeOperation(
      { query: PAGE, variables: { limit, filter: 'role == "user"' } },
      { contextValue: buildContext(auth, repos, pino({ level: 'silent' })) },
    );
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    expect(body?.errors).toBeUndefined();
    const items = (
      body?.data?.user_list as {
        items: { keypairs: unknown[]; groups: unknown[]; domain: unknown }[];
      }
    ).items;
    return {
      items: items.length,
      withRelations: items.filter((i) => i.keypairs.length > 0 && i.groups.length > 0 && i.domain)
        .length,
      commands: [...started].sort(),
    };
  };

  it('costs the same few commands for a page of 100 users as for 10, relations included', async () => {
    const small = await commandsFor(10);
    const large = await commandsFor(100);
    expect([small.items, large.items, large.withRelations]).toEqual([10, 100, 100]);
    // users page + count, then one batch each for keypairs, memberships, groups and domains.
    expect(large.commands).toEqual(['aggregate', 'find', 'find', 'find', 'find', 'find']);
    expect(large.commands).toEqual(small.commands);
  });

  it('costs the same commands for 100 keypairs with their compute sessions as for 10', async () => {
    const me = await repos.users.byEmail('admin@lablup.com');
    const auth = {
      kind: 'keypair' as const,
      requestId: 'cc',
      scopes: [],
      groups: [],
      user: {
        uuid: me?._id ?? '',
        email: 'admin@lablup.com',
        role: 'superadmin' as const,
        domain: 'default',
      },
    };
    const query = `query($limit: Int!) { keypair_list(offset: 0, limit: $limit) { items { access_key compute_sessions { id } } } }`;
    const run = async (limit: number) => {
      started.length = 0;
      const res = await server.executeOperation(
        { query, variables: { limit } },
        { contextValue: buildContext(auth, repos, pino({ level: 'silent' })) },
      );
      const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
      expect(body?.errors).toBeUndefined();
      const items = (body?.data?.keypair_list as { items: { compute_sessions: unknown[] }[] })
        .items;
      return {
        items: items.length,
        sessions: items.reduce((n, i) => n + i.compute_sessions.length, 0),
        commands: [...started].sort(),
      };
    };
    const small = await run(10);
    const large = await run(100);
    expect([small.items, large.items]).toEqual([10, 100]);
    expect(large.sessions).toBeGreaterThan(0);
    expect(large.commands).toEqual(small.commands);
  });

  it.each([
    [
      'user_nodes',
      'user_nodes',
      2,
      'query($n: Int!) { user_nodes(first: $n, order: "+email", filter: "role == \\"user\\"") { count edges { cursor node { id email } } } }',
    ],
    [
      'adminUsersV2 (with domain)',
      'adminUsersV2',
      3,
      'query($n: Int!) { adminUsersV2(first: $n, filter: { role: { equals: USER } }, orderBy: [{ field: EMAIL, direction: ASC }]) { count edges { cursor node { id basicInfo { email } domain { basicInfo { name } } } } } }',
    ],
    [
      'user_nodes with project_nodes',
      'user_nodes',
      4,
      'query($n: Int!) { user_nodes(first: $n, order: "+email") { edges { node { email project_nodes(order: "+name") { count edges { node { name } } } } } } }',
    ],
    [
      'adminSessionsV2 with domain, owner and project',
      'adminSessionsV2',
      5,
      'query($n: Int!) { adminSessionsV2(first: $n, filter: { status: { in: [RUNNING, TERMINATED] } }, orderBy: [{ field: CREATED_AT, direction: ASC }]) { count edges { node { id lifecycle { status } domain { basicInfo { name } } user { basicInfo { email } } project { basicInfo { name } } } } } }',
    ],
    [
      'adminUsersV2 with projects',
      'adminUsersV2',
      4,
      'query($n: Int!) { adminUsersV2(first: $n) { edges { node { projects { count edges { node { basicInfo { name } } } } } } } }',
    ],
  ] as [string, string, number, string][])(
    'costs the same commands for a %s page of 100 as of 10',
    async (_label, field, max, query) => {
      const me = await repos.users.byEmail('admin@lablup.com');
      const auth = {
        kind: 'keypair' as const,
        requestId: 'cc',
        scopes: [],
        groups: [],
        user: {
          uuid: me?._id ?? '',
          email: 'admin@lablup.com',
          role: 'superadmin' as const,
          domain: 'default',
        },
      };
      const run = async (n: number) => {
        started.length = 0;
        const res = await server.executeOperation(
          { query, variables: { n } },
          { contextValue: buildContext(auth, repos, pino({ level: 'silent' })) },
        );
        const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
        expect(body?.errors).toBeUndefined();
        const conn = body?.data?.[field] as { count: number; edges: unknown[] };
        return { edges: conn.edges.length, commands: [...started].sort() };
      };
      const small = await run(10);
      const large = await run(100);
      expect([small.edges, large.edges]).toEqual([10, 100]);
      expect(large.commands).toEqual(small.commands);
      expect(large.commands.length).toBeLessThanOrEqual(max);
    },
  );

  it('costs the same commands for a container_registry_nodes page of 100 as of 10, groups included', async () => {
    const registries = repos.containerRegistries;
    await registries.insertMany(
      Array.from({ length: 120 }, (_, i) =>
        registries.sealedDoc(
          {
            url: `https://cc-${i}.example.com`,
            type: 'docker',
            registry_name: `cc-${String(i).padStart(3, '0')}`,
            project: 'cc',
            username: 'robot',
            password: `pw-${i}`,
            ssl_verify: true,
            is_global: i % 2 === 0,
            extra: null,
          },
          [],
        ),
      ),
    );
    const me = await repos.users.byEmail('admin@lablup.com');
    const auth = {
      kind: 'keypair' as const,
      requestId: 'cc',
      scopes: [],
      groups: [],
      user: {
        uuid: me?._id ?? '',
        email: 'admin@lablup.com',
        role: 'superadmin' as const,
        domain: 'default',
      },
    };
    const query = `query($n: Int!) { container_registry_nodes(first: $n, filter: "project == \\"cc\\"", order: "+registry_name") {
      count edges { node { id registry_name password allowed_groups(order: "+name") { count edges { node { name } } } } } } }`;
    const run = async (n: number) => {
      started.length = 0;
      const res = await server.executeOperation(
        { query, variables: { n } },
        { contextValue: buildContext(auth, repos, pino({ level: 'silent' })) },
      );
      const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
      expect(body?.errors).toBeUndefined();
      const conn = body?.data?.container_registry_nodes as {
        count: number;
        edges: { node: { password: string; allowed_groups: { count: number } } }[];
      };
      return {
        count: conn.count,
        edges: conn.edges.length,
        passwords: new Set(conn.edges.map((e) => e.node.password)),
        withGroups: conn.edges.filter((e) => e.node.allowed_groups.count > 0).length,
        commands: [...started].sort(),
      };
    };
    const small = await run(10);
    const large = await run(100);
    expect([small.count, small.edges, large.edges, large.withGroups]).toEqual([120, 10, 100, 50]);
    expect([...large.passwords]).toEqual(['*****']);
    // One count and one find for the page, one find for the groups of every registry on it.
    expect(large.commands).toEqual(['aggregate', 'find', 'find']);
    expect(large.commands).toEqual(small.commands);
  });

  it.each([
    ['users', USER_FIELDS],
    ['keypairs', KEYPAIR_FIELDS],
    ['agents', AGENT_FIELDS],
    ['sessions', SESSION_FIELDS],
    ['containers', CONTAINER_FIELDS],
  ] as [string, FieldMap][])(
    'has an index leading with every filter and order path of %s',
    async (collection, fields) => {
      const indexes = (await client
        .db('command_count')
        .collection(collection)
        .listIndexes()
        .toArray()) as IndexInfo[];
      const leading = new Set(indexes.map((i) => Object.keys(i.key as object)[0]));
      expect(
        Object.values(fields)
          .map((f) => f.path)
          .filter((p) => !leading.has(p)),
      ).toEqual([]);
    },
  );

  it('keeps the unique indexes the spec names', async () => {
    const unique = async (c: string) =>
      ((await client.db('command_count').collection(c).listIndexes().toArray()) as IndexInfo[])
        .filter((i) => i.unique && i.name !== '_id_')
        .map((i) => Object.keys(i.key as object).join('+'));
    const all = await Promise.all(
      [
        'users',
        'keypairs',
        'domains',
        'groups',
        'keypair_resource_policies',
        'user_resource_policies',
        'project_resource_policies',
        'resource_presets',
      ].map(unique),
    );
    expect(all).toEqual([
      ['email', 'username'],
      ['access_key'],
      ['name'],
      ['domain_name+name'],
      ['name'],
      ['name'],
      ['name'],
      ['name'],
    ]);
  });
});
