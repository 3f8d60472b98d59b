import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import type { ApolloServer } from '@apollo/server';
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import pino from 'pino';
import { type AdminContext, buildContext } from '../../src/context';
import { ensureBootstrapSuperadmin } from '../../src/data/bootstrap';
import { type MongoStore, storeOf } from '../../src/data/mongo';
import type { Repositories } from '../../src/data/repositories';
import { createRepositories, createServer, ensureIndexes } from '../../src/server';

/** A single-document update is one round trip (findAndModify), found or not. */
describe('update round trips', () => {
  let mongo: Embedded;
  let client: MongoClient;
  let repos: Repositories;
  let server: ApolloServer<AdminContext>;
  let uuid = '';
  const started: string[] = [];

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = new MongoClient(mongo.url, { monitorCommands: true, serverSelectionTimeoutMS: 3000 });
    await client.connect();
    const store: MongoStore = { ...storeOf(client, 'write_commands', 5000), close: async () => {} };
    repos = createRepositories(store, { secretEncryptionKey: Buffer.alloc(32, 7) });
    await ensureIndexes(repos);
    ({ userUuid: uuid } = await ensureBootstrapSuperadmin(repos, {
      email: 'admin@lablup.com',
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      secretKey: 'x'.repeat(40),
    }));
    server = createServer({ store, logger: pino({ level: 'silent' }) });
    await server.start();
    client.on('commandStarted', (e: CommandStartedEvent) => started.push(e.commandName));
  });
  afterAll(async () => {
    await server?.stop();
    await client?.close();
    await mongo?.stop();
  });

  const commandsFor = async (query: string) => {
    const auth = {
      kind: 'keypair' as const,
      requestId: 'wc',
      scopes: [],
      groups: [],
      user: { uuid, email: 'admin@lablup.com', role: 'superadmin' as const, domain: 'default' },
    };
    started.length = 0;
    const res = await server.executeOperation(
      { query },
      { contextValue: buildContext(auth, repos, pino({ level: 'silent' })) },
    );
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    expect(body?.errors).toBeUndefined();
    return { data: body?.data, commands: [...started] };
  };

  it('modify_domain and delete_domain cost one findAndModify each', async () => {
    const modified = await commandsFor(
      'mutation { modify_domain(name: "default", props: { description: "d" }) { ok domain { description } } }',
    );
    expect(modified.data).toEqual({ modify_domain: { ok: true, domain: { description: 'd' } } });
    expect(modified.commands).toEqual(['findAndModify']);
    const missing = await commandsFor(
      'mutation { delete_domain(name: "no-such-domain") { ok msg } }',
    );
    expect(missing.data).toEqual({ delete_domain: { ok: false, msg: 'no matching domain' } });
    expect(missing.commands).toEqual(['findAndModify']);
  });

  it('modify_resource_preset answers from the same single command', async () => {
    await repos.presets.create('small', { resource_slots: '{}' });
    const res = await commandsFor(
      'mutation { modify_resource_preset(name: "small", props: { shared_memory: "1g" }) { ok msg } }',
    );
    expect(res.data).toEqual({ modify_resource_preset: { ok: true, msg: 'success' } });
    expect(res.commands).toEqual(['findAndModify']);
    expect((await repos.presets.byName('small'))?.shared_memory).toBe(2 ** 30);
  });
});
