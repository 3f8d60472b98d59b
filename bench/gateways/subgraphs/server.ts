/**
 * The four benchmark subgraphs in one process, like the Rust original: POST /accounts, /inventory,
 * /products, /reviews; GET /health; GET /stats (requests per subgraph since the last POST /stats/reset).
 *
 * Plain node:http + graphql-js with a parsed-and-validated document cache, so the subgraphs cost
 * as little CPU as a JS server can on a box the gateway shares. A request that carries our
 * gateway's internal context (x-internal-auth) is verified exactly as a product subgraph does
 * (audience = subgraph name, bound to the operation, single use) and refused with 401 otherwise;
 * requests without one (the peer gateways) are served as the benchmark's subgraphs serve them.
 *
 *   BENCH_SUBGRAPH_PORT=14200 BENCH_SECRET_ACCOUNTS=... node subgraphs.js
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  INTERNAL_AUTH_HEADER,
  memoryReplayCache,
  secretKey,
  verifyContext,
} from '@fedmgmt/service-kit';
import { type DocumentNode, execute, type GraphQLSchema, parse, validate } from 'graphql';
import { SUBGRAPH_NAMES, subgraphSchema } from './schemas';

interface Route {
  name: string;
  schema: GraphQLSchema;
  docs: Map<string, DocumentNode | { errors: string[] }>;
  key: Uint8Array | undefined;
  served: number;
}

const replay = memoryReplayCache();
const routes = new Map<string, Route>(
  SUBGRAPH_NAMES.map((name) => {
    const secret = process.env[`BENCH_SECRET_${name.toUpperCase()}`];
    return [
      `/${name}`,
      {
        name,
        schema: subgraphSchema(name),
        docs: new Map(),
        key: secret ? secretKey(secret) : undefined,
        served: 0,
      },
    ];
  }),
);

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function documentFor(route: Route, query: string): DocumentNode | { errors: string[] } {
  let doc = route.docs.get(query);
  if (!doc) {
    try {
      const parsed = parse(query);
      const errors = validate(route.schema, parsed);
      doc = errors.length > 0 ? { errors: errors.map((e) => e.message) } : parsed;
    } catch (err) {
      doc = { errors: [(err as Error).message] };
    }
    if (route.docs.size < 1000) route.docs.set(query, doc);
  }
  return doc;
}

async function handle(
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
  raw: string,
): Promise<void> {
  const body = JSON.parse(raw) as {
    query?: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  const token = req.headers[INTERNAL_AUTH_HEADER];
  if (typeof token === 'string') {
    if (!route.key) return send(res, 401, { errors: [{ message: 'no secret configured' }] });
    try {
      await verifyContext(token, { audience: route.name, key: route.key, replay, body });
    } catch {
      return send(res, 401, {
        errors: [
          {
            message: 'requests must come through the gateway',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
    }
  }
  const doc = documentFor(route, String(body.query ?? ''));
  if ('errors' in doc)
    return send(res, 400, { errors: doc.errors.map((message) => ({ message })) });
  const result = await execute({
    schema: route.schema,
    document: doc,
    variableValues: body.variables,
    operationName: body.operationName,
  });
  route.served += 1;
  send(res, 200, result);
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/health') return send(res, 200, { ok: true });
  if (path === '/stats') {
    if (req.method === 'POST') for (const r of routes.values()) r.served = 0;
    return send(res, 200, Object.fromEntries([...routes.values()].map((r) => [r.name, r.served])));
  }
  const route = routes.get(path);
  if (!route || req.method !== 'POST')
    return send(res, 404, { errors: [{ message: 'not found' }] });
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    handle(route, req, res, Buffer.concat(chunks).toString('utf8')).catch((err: Error) =>
      send(res, 500, { errors: [{ message: err.message }] }),
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.BENCH_SUBGRAPH_PORT ?? 14200), '127.0.0.1', () =>
  process.send?.('ready'),
);
