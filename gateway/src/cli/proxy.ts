import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { signRequest } from '../auth/signer';
import { type GraphiqlPage, graphiqlResponse } from '../graphiql';
import type { CliEnv } from './config';
import { keypairFrom } from './query';

export const PROXY_HELP = `fedmgmt proxy [options]
  Backend.AI's proxy mode: a local, unauthenticated HTTP proxy that signs every request with
  your keypair and forwards it to the gateway, so GraphiQL or Insomnia work without auth setup.
  Open http://127.0.0.1:8084/graphiql (or /graphql in a browser) for a GraphiQL served locally.
  For development only. It listens on loopback only.
  --bind HOST           127.0.0.1 (default), ::1 or localhost
  --port N              8084 (default)
  --endpoint URL        gateway origin (BACKEND_ENDPOINT)
  --access-key AK / --secret-key SK   (BACKEND_ACCESS_KEY / BACKEND_SECRET_KEY)`;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY = 10 * 1024 * 1024;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-apollo-operation-name, apollo-require-preflight, x-request-id',
  'access-control-expose-headers': 'x-request-id',
};

/** The proxy's own GraphiQL: it POSTs to the proxy, which signs; no headers to set up. */
const GRAPHIQL: GraphiqlPage = {
  endpoint: '/graphql',
  title: 'fedmgmt GraphiQL (signing proxy)',
  showHeaders: false,
};
const GRAPHIQL_PATHS = ['/', '/graphql', '/graphiql'];

export interface ProxyOptions {
  endpoint: string;
  keypair: { accessKey: string; secretKey: string };
  apiVersion: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  opts: ProxyOptions,
): Promise<void> {
  // Backend.AI's proxy strips a leading /v<N>/ from the path.
  const path = (req.url ?? '/').replace(/^\/v\d+\//, '/');
  const url = new URL(path, opts.endpoint).toString();
  const method = (req.method ?? 'GET').toUpperCase();
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
  const contentType = req.headers['content-type'] ?? 'application/json';
  // The gateway can hash only JSON bodies; others are signed as Backend.AI clients do (empty-body hash).
  const hashBody = /json/i.test(contentType);
  const headers = signRequest({
    ...opts.keypair,
    method,
    url,
    contentType,
    version: opts.apiVersion,
    hashBody,
    ...(body ? { body } : {}),
  });
  const accept = req.headers.accept;
  const requestId = req.headers['x-request-id'];
  const extra = {
    ...(accept ? { accept } : {}),
    ...(typeof requestId === 'string' ? { 'x-request-id': requestId } : {}),
  };
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method,
      headers: { ...headers, ...extra },
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    res
      .writeHead(502, { 'content-type': 'application/json', ...CORS })
      .end(JSON.stringify({ msg: 'The proxy target server is inaccessible.' }));
    return;
  }
  const passed: Record<string, string> = { ...CORS };
  for (const name of [
    'content-type',
    'x-request-id',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-window',
  ]) {
    const v = upstream.headers.get(name);
    if (v) passed[name] = v;
  }
  res.writeHead(upstream.status, passed).end(Buffer.from(await upstream.arrayBuffer()));
}

export function startProxy(bind: string, port: number, opts: ProxyOptions): Promise<Server> {
  if (!LOOPBACK.has(bind))
    return Promise.reject(
      new Error(`the proxy is unauthenticated: it binds to loopback only, not ${bind}`),
    );
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    if (req.method === 'GET') {
      const page = graphiqlResponse(
        (req.url ?? '/').split('?')[0] ?? '/',
        req.headers.accept,
        GRAPHIQL,
        GRAPHIQL_PATHS,
      );
      if (page) return void res.writeHead(page.status, page.headers).end(page.body);
    }
    forward(req, res, opts).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', ...CORS });
      res.end(JSON.stringify({ msg: 'proxy error' }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => resolve(server));
  });
}

export async function runProxy(
  argv: string[],
  env: CliEnv,
  out: (s: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      bind: { type: 'string' },
      port: { type: 'string' },
      endpoint: { type: 'string' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
    },
  });
  const bind = values.bind ?? '127.0.0.1';
  const port = Number(values.port ?? 8084);
  const endpoint = values.endpoint ?? env.endpoint;
  const server = await startProxy(bind, port, {
    endpoint,
    keypair: keypairFrom(values, env),
    apiVersion: env.apiVersion,
  });
  const addr = server.address() as { port: number };
  out(
    `signing proxy for ${endpoint} on http://${bind.includes(':') ? `[${bind}]` : bind}:${addr.port} (development only; Ctrl-C stops it)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
