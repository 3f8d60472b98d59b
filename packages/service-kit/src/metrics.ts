import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EnvReader } from './env';
import { matchedRoutePath } from './expressRoute';

/**
 * Prometheus metrics, one Registry per service (the dev stack runs all three in one process).
 * Exposure, per service:
 *   METRICS_PORT  a separate /metrics listener on METRICS_HOST (default 127.0.0.1), no auth:
 *                 protect it by network (bind a private interface);
 *   METRICS_TOKEN /metrics on the main port, for `Authorization: Bearer <token>` only;
 *   METRICS_OPEN  /metrics on the main port without a token: the default outside production
 *                 when neither of the above is set, off in production unless asked for.
 * Label values are bounded: routes from a fixed list, operation names only of operations that
 * parsed and validated, at most METRICS_MAX_OPERATION_NAMES distinct ones (then "other").
 */
export interface MetricsConfig {
  port: number | undefined;
  host: string;
  token: string | undefined;
  openOnMainPort: boolean;
  defaultMetrics: boolean;
  maxOperationNames: number;
}

export function metricsConfig(e: EnvReader, production: boolean): MetricsConfig {
  const port =
    e.optional('METRICS_PORT') === undefined ? undefined : e.int('METRICS_PORT', 0, 0, 65535);
  const token =
    e.optional('METRICS_TOKEN') === undefined ? undefined : e.secret('METRICS_TOKEN', 16);
  return {
    port,
    host: e.string('METRICS_HOST', '127.0.0.1'),
    token,
    openOnMainPort: e.bool(
      'METRICS_OPEN',
      !production && port === undefined && token === undefined,
    ),
    defaultMetrics: e.bool('METRICS_DEFAULT', true),
    maxOperationNames: e.int('METRICS_MAX_OPERATION_NAMES', 200, 1, 10_000),
  };
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const KNOWN_ROUTES = new Set([
  '/graphql',
  '/health',
  '/ready',
  '/metrics',
  '/graphiql',
  '/admin/gql',
  '/admin/graphql',
]);
const PROBE_TIMEOUT_MS = 1000;

export type HealthProbe = () => Promise<boolean>;

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  readonly operationDuration: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly names = new Set<string>();
  private readonly probes = new Map<string, HealthProbe>();

  constructor(
    readonly service: string,
    private readonly config: Pick<MetricsConfig, 'defaultMetrics' | 'maxOperationNames'>,
  ) {
    this.registry.setDefaultLabels({ service });
    if (config.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'fedmgmt_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'fedmgmt_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers,
    });
    this.operations = new Counter({
      name: 'fedmgmt_graphql_operations_total',
      help: 'GraphQL operations by name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'fedmgmt_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    const probes = this.probes;
    new Gauge({
      name: 'fedmgmt_store_up',
      help: 'A backing store answered its health check at scrape time (1) or not (0)',
      labelNames: ['store'],
      registers,
      async collect() {
        await Promise.all(
          [...probes].map(async ([store, probe]) =>
            this.set({ store }, (await withTimeout(probe())) ? 1 : 0),
          ),
        );
      },
    });
  }

  /** Registers a store (e.g. "redis", "mongodb") whose health becomes fedmgmt_store_up. */
  addStore(store: string, probe: HealthProbe): void {
    this.probes.set(store, probe);
  }

  /** An operation's label: its name if it resolved, within the cap; else a fixed word. */
  operationLabel(name: string | null | undefined, resolved: boolean): string {
    if (!resolved) return 'unknown';
    if (!name) return 'anonymous';
    const safe = name.slice(0, 100);
    if (this.names.has(safe)) return safe;
    if (this.names.size >= this.config.maxOperationNames) return 'other';
    this.names.add(safe);
    return safe;
  }

  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        const path = (req.originalUrl ?? req.url).split('?')[0] ?? '';
        const routePath = matchedRoutePath(req);
        const route = KNOWN_ROUTES.has(path)
          ? path
          : routePath !== undefined
            ? `${req.baseUrl}${routePath}`
            : 'other';
        const method = ['GET', 'POST', 'HEAD', 'OPTIONS'].includes(req.method)
          ? req.method
          : 'other';
        const labels = { method, route, status: String(res.statusCode) };
        this.httpRequests.inc(labels);
        this.httpDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
      });
      next();
    };
  }

  /** Counts and times each GraphQL operation. */
  apolloPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
    // The hooks below are object-literal methods (their own `this`): take what they use from here.
    const { operations, operationDuration } = this;
    const operationLabel = (name: string | null | undefined) => this.operationLabel(name, true);
    return {
      async requestDidStart() {
        const start = process.hrtime.bigint();
        let operation = 'unknown';
        let type = 'unknown';
        let outcome = 'success';
        let resolved = false;
        return {
          async didResolveOperation(rc: GraphQLRequestContext<T>) {
            resolved = true;
            operation = operationLabel(rc.operationName);
            type = rc.operation?.operation ?? 'unknown';
          },
          async didEncounterErrors(rc) {
            outcome = resolved ? 'error' : errorOutcome(rc.errors[0]?.extensions?.code);
          },
          async willSendResponse() {
            const labels = { operation, type, outcome };
            operations.inc(labels);
            operationDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
          },
        };
      },
    };
  }
}

function errorOutcome(code: unknown): string {
  if (code === 'GRAPHQL_PARSE_FAILED') return 'parse_error';
  if (code === 'GRAPHQL_VALIDATION_FAILED') return 'validation_error';
  return 'bad_request';
}

async function withTimeout(p: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
