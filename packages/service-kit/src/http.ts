import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { AuthContext } from './context';
import type { MetricsConfig, ServiceMetrics } from './metrics';
import { mountMetrics } from './metricsHttp';
import { authOf, mountInternalRoute, UNAUTHENTICATED_BODY } from './internalRoute';
import { cachedProbe } from './probe';
import { requestIdMiddleware } from './requestId';
import { serverSpanMiddleware } from './tracing';

export interface SubgraphHttpOptions<TContext extends BaseContext> {
  /** The subgraph's name: the audience its contexts must carry. */
  name: string;
  apollo: ApolloServer<TContext>;
  internalAuthSecret: string;
  logger: Logger;
  context: (auth: AuthContext) => Promise<TContext> | TContext;
  /** Readiness: the store answers. */
  ready: () => Promise<boolean>;
  /** How long a readiness answer is reused (default 500 ms). */
  readyCacheMs?: number;
  bodyLimit?: string;
  /** Extra routes (e.g. internal REST endpoints) mounted before /graphql. */
  routes?: (app: express.Express) => void;
  /** Metrics of this service and how /metrics is exposed (default: a registry, not exposed). */
  metrics?: { registry: ServiceMetrics; config: MetricsConfig };
}

/** A fresh http.Server, not yet listening, for ApolloServerPluginDrainHttpServer. */
export function newHttpServer(): Server {
  const server = createHttpServer();
  server.keepAliveTimeout = 65_000; // longer than the gateway's idle socket timeout
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return server;
}

export function buildSubgraphApp<TContext extends BaseContext>(
  opts: SubgraphHttpOptions<TContext>,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Request id, trace (continuing the gateway's traceparent) and metrics for every route.
  app.use(requestIdMiddleware(opts.logger));
  app.use(serverSpanMiddleware(opts.name, { extract: true }));
  if (opts.metrics) {
    app.use(opts.metrics.registry.httpMiddleware());
    mountMetrics(app, opts.metrics.registry, opts.metrics.config);
  }
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: opts.name });
  });
  // Cached briefly and bounded: 503 while the store is down, 200 again as soon as it answers.
  const ready = cachedProbe(opts.ready, {
    cacheMs: opts.readyCacheMs ?? 500,
    timeoutMs: 1000,
    onChange: (ok) =>
      ok
        ? opts.logger.info('store reachable: ready')
        : opts.logger.warn('store unreachable: not ready'),
  });
  app.get('/ready', async (_req, res) => {
    const ok = await ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', service: opts.name });
  });
  app.use(express.json({ limit: opts.bodyLimit ?? '1mb' }));
  opts.routes?.(app);
  // Only the gateway calls /graphql: a context bound to this exact operation.
  mountInternalRoute(
    app,
    {
      method: 'post',
      path: '/graphql',
      audience: opts.name,
      internalAuthSecret: opts.internalAuthSecret,
      logger: opts.logger,
      binding: (req) => (req.body ?? {}) as { query?: unknown; variables?: unknown },
      refuse: (res) => void res.status(401).json(UNAUTHENTICATED_BODY),
      refusedMessage: 'refused request without a valid gateway context',
    },
    expressMiddleware(opts.apollo, { context: async ({ res }) => opts.context(authOf(res)) }),
  );
  app.all('/graphql', (_req, res) => {
    res
      .status(405)
      .json({ errors: [{ message: 'use POST', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
  });
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(jsonErrorHandler(opts.logger));
  return app;
}

/** Body-parser and other errors answer JSON, never Express's HTML page with a stack. */
export function jsonErrorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const e = err as { status?: number; type?: string };
    const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
    const message =
      e.type === 'entity.parse.failed'
        ? 'request body is not valid JSON'
        : e.type === 'entity.too.large'
          ? 'request body too large'
          : status < 500
            ? 'bad request'
            : 'internal error';
    if (status >= 500) logger.error({ err }, 'unhandled http error');
    res.status(status).json({
      errors: [
        { message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } },
      ],
    });
  };
}

export interface Listening {
  url: string;
  port: number;
}

export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${addr.port}/graphql`, port: addr.port };
}
