import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthContext } from '@fedmgmt/service-kit';
import { listen } from '@fedmgmt/service-kit';
import { postGraphQL, type Stack, startStack } from '@fedmgmt/testkit';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import {
  composeSupergraph,
  loadSupergraphConfig,
  type SubgraphInput,
} from '../../../scripts/lib/supergraph';
import { loadConfig } from '../../src/config';
import { buildGateway, type BuiltGateway } from '../../src/server';

const ROOT = join(__dirname, '..', '..', '..');
const superadmin: AuthContext = {
  kind: 'keypair',
  requestId: 'test',
  scopes: [],
  groups: [],
  user: {
    uuid: '00000000-0000-4000-8000-000000000001',
    email: 'admin@lablup.com',
    role: 'superadmin',
    domain: 'default',
  },
};

/** Composes the real subgraphs, with `extraAdminSdl` appended to the admin subgraph. */
function supergraphWith(extraAdminSdl: string, extraSubgraph?: SubgraphInput): string {
  const subgraphs = loadSupergraphConfig(join(ROOT, 'supergraph.yaml')).map((s) =>
    s.name === 'admin' ? { ...s, sdl: `${s.sdl}\n${extraAdminSdl}` } : s,
  );
  const result = composeSupergraph(extraSubgraph ? [...subgraphs, extraSubgraph] : subgraphs);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.supergraphSdl;
}

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T | undefined> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

describe('gateway supergraph hot reload', () => {
  let stack: Stack;
  let dir: string;
  let gw: BuiltGateway;
  let url: string;
  const logs: { msg?: string }[] = [];

  beforeAll(async () => {
    stack = await startStack();
    dir = mkdtempSync(join(tmpdir(), 'supergraph-'));
    writeFileSync(
      join(dir, 'supergraph.graphql'),
      readFileSync(join(ROOT, 'gateway', 'supergraph.graphql')),
    );
    const config = loadConfig({
      LOG_LEVEL: 'info',
      GATEWAY_PORT: '0',
      SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
      SUBGRAPH_URL_ADMIN: stack.adminUrl,
      SUBGRAPH_URL_ACCOUNTS: stack.accountsUrl,
      SUBGRAPH_URL_GHOST: 'http://127.0.0.1:9/graphql',
      INTERNAL_AUTH_SECRET_ADMIN: stack.secrets.admin,
      INTERNAL_AUTH_SECRET_ACCOUNTS: stack.secrets.accounts,
      INTERNAL_AUTH_SECRET_GHOST: 'g'.repeat(32),
    });
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => logs.push(JSON.parse(line) as { msg?: string }) },
    );
    gw = await buildGateway(config, { logger, authenticate: async () => superadmin });
    url = (await listen(gw.httpServer, 0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await gw?.stop();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const queryFields = async () => {
    const res = await postGraphQL(url, { query: '{ __type(name: "Query") { fields { name } } }' });
    const fields = (res.body.data as { __type: { fields: { name: string }[] } }).__type.fields;
    return fields.map((f) => f.name);
  };

  it('swaps in a new supergraph when the file changes and its subgraphs answer', async () => {
    expect(await queryFields()).not.toContain('reload_probe');
    writeFileSync(
      join(dir, 'supergraph.graphql'),
      supergraphWith('extend type Query { reload_probe: String }'),
    );
    const seen = await waitFor(
      async () => ((await queryFields()).includes('reload_probe') ? true : undefined),
      10_000,
    );
    expect(seen).toBe(true);
    expect(gw.supergraph.version).toBe(2);
  });

  it('keeps the previous supergraph when a subgraph in the new one fails its health check', async () => {
    const ghost: SubgraphInput = {
      name: 'ghost',
      url: 'http://127.0.0.1:9/graphql',
      sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype Query { ghost_field: String }',
      parts: [],
    };
    writeFileSync(
      join(dir, 'supergraph.graphql'),
      supergraphWith('extend type Query { reload_probe: String }', ghost),
    );
    const refused = await waitFor(
      async () => (logs.some((l) => l.msg?.includes('refused')) ? true : undefined),
      10_000,
    );
    expect(refused).toBe(true);
    expect(await queryFields()).toEqual(expect.arrayContaining(['reload_probe']));
    expect(await queryFields()).not.toContain('ghost_field');
    expect(gw.supergraph.version).toBe(2);
  });
});

describe('gateway with a hung subgraph', () => {
  let stack: Stack;
  let hung: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers: the worst kind of dead subgraph.
    hung = createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
    });
    const hungUrl = await new Promise<string>((resolve) =>
      hung.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(hung.address() as { port: number }).port}/graphql`),
      ),
    );
    stack = await startStack({
      subgraphUrlOverride: { accounts: hungUrl },
      gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '800' },
    });
    const mongo = new MongoClient(stack.mongoUrl);
    await mongo
      .db(stack.mongoDb)
      .collection('users')
      .insertOne({
        _id: '6c1a3a47-8f33-4a4c-9d55-1f4a4c0a7e01' as never,
        email: 'hung@example.com',
        username: 'hung',
        role: 'user',
        domain_name: 'default',
        is_active: true,
      });
    await mongo.close();
  });
  afterAll(async () => {
    await stack?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((r) => hung.close(r));
  });

  it('returns the data it has plus a masked error, bounded by the timeout, when a subgraph hangs', async () => {
    const started = Date.now();
    const res = await stack.request({
      query: '{ user(email: "hung@example.com") { email account { id } } }',
    });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { user: { email: 'hung@example.com', account: null } },
      errors: [
        {
          message: 'A backing service did not answer in time; the data it owns is missing.',
          extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
        },
      ],
    });
    // 800 ms subgraph timeout; the bound only proves "no hang" (the default would be minutes).
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect(elapsed).toBeLessThan(5000);
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|http:\/\//);
  });
});
