import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type AuthContext, type RunningService, startSubgraph } from '@fedmgmt/service-kit';
import { parse } from 'graphql';
import pino from 'pino';
import { composeSupergraph } from '../../../scripts/lib/supergraph';

/**
 * Two stand-in subgraphs named `admin` and `accounts` that answer with the context they
 * received, behind the real service-kit guard. They let the gateway's auth tests assert
 * exactly what each subgraph sees, independent of the real subgraphs' schemas.
 */
const PRINCIPAL = `type Principal @shareable {
  kind: String! subject: String email: String role: String uuid: String domain: String accessKey: String
  scopes: [String!]! groups: [String!]! accountId: String requestId: String!
}
type Node @shareable { name: String child: Node }`;
const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])';

export interface Seen {
  header: string;
  body: unknown;
}

export interface ProbeSubgraphs {
  urls: { admin: string; accounts: string };
  /** Every x-internal-auth header and body that reached each probe. */
  seen: { admin: Seen[]; accounts: Seen[] };
  supergraphPath: string;
  stop(): Promise<void>;
}

function principal(auth: AuthContext) {
  return {
    kind: auth.kind,
    subject: auth.subject ?? null,
    email: auth.user?.email ?? null,
    role: auth.user?.role ?? null,
    uuid: auth.user?.uuid ?? null,
    domain: auth.user?.domain ?? null,
    accessKey: auth.user?.accessKey ?? null,
    scopes: auth.scopes,
    groups: auth.groups,
    accountId: auth.accountId ?? null,
    requestId: auth.requestId,
  };
}

const node = (depth: number): unknown =>
  depth <= 0 ? null : { name: `n${depth}`, child: node(depth - 1) };

async function startProbe(
  name: 'admin' | 'accounts',
  secret: string,
  seen: Seen[],
): Promise<RunningService & { sdl: string }> {
  const field = name === 'admin' ? 'adminSees' : 'accountsSees';
  const sdl = `${LINK}\n${PRINCIPAL}\ntype Query { ${field}: Principal!${name === 'admin' ? ' node: Node' : ''} }`;
  const resolvers = {
    Query: {
      [field]: (_: unknown, __: unknown, ctx: { auth: AuthContext }) => principal(ctx.auth),
      node: () => node(30),
    },
  };
  const running = await startSubgraph({
    name,
    host: '127.0.0.1',
    port: 0,
    internalAuthSecret: secret,
    logger: pino({ level: 'silent' }),
    build: (httpServer) =>
      new ApolloServer({
        schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }),
        plugins: [
          ApolloServerPluginInlineTraceDisabled(),
          ApolloServerPluginDrainHttpServer({ httpServer }),
        ],
      }),
    context: (auth) => ({ auth }),
    ready: async () => true,
    routes: (app) => {
      app.use('/graphql', (req, _res, next) => {
        seen.push({
          header: String(req.headers['x-internal-auth'] ?? ''),
          body: req.body as unknown,
        });
        next();
      });
    },
  });
  return { ...running, sdl };
}

export async function startProbeSubgraphs(secrets: {
  admin: string;
  accounts: string;
}): Promise<ProbeSubgraphs> {
  const seen = { admin: [] as Seen[], accounts: [] as Seen[] };
  const admin = await startProbe('admin', secrets.admin, seen.admin);
  const accounts = await startProbe('accounts', secrets.accounts, seen.accounts);
  const composed = composeSupergraph([
    { name: 'admin', url: admin.url, sdl: admin.sdl, parts: [] },
    { name: 'accounts', url: accounts.url, sdl: accounts.sdl, parts: [] },
  ]);
  if (!composed.ok) throw new Error(JSON.stringify(composed.errors));
  const dir = mkdtempSync(join(tmpdir(), 'probe-supergraph-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composed.supergraphSdl);
  return {
    urls: { admin: admin.url, accounts: accounts.url },
    seen,
    supergraphPath,
    stop: async () => {
      await admin.stop();
      await accounts.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
