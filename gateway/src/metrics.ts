import { type MetricsConfig, ServiceMetrics } from '@fedmgmt/service-kit';
import { Counter, Histogram } from 'prom-client';
import { isAuthFailure } from './auth/failures';
import type { AuthRuntime } from './auth/runtime';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const GUARDED = new Set(['/graphql', '/admin/gql', '/admin/graphql']);

/**
 * The gateway's metrics: the common HTTP/GraphQL ones (ServiceMetrics) plus per-subgraph fetch
 * latency and errors, authentication outcomes by reason and rate-limit refusals. Label values
 * are fixed words or supergraph subgraph names; never a key, token, subject or message.
 */
export class GatewayMetrics extends ServiceMetrics {
  readonly subgraphFetch: Histogram<'subgraph' | 'outcome'>;
  readonly subgraphErrors: Counter<'subgraph' | 'kind'>;
  readonly auth: Counter<'outcome' | 'reason'>;
  readonly rateLimited: Counter<'route'>;
  readonly executed: Counter<'executor'>;

  constructor(config: MetricsConfig) {
    super('gateway', config);
    const registers = [this.registry];
    this.subgraphFetch = new Histogram({
      name: 'fedmgmt_gateway_subgraph_fetch_duration_seconds',
      help: 'Latency of each subgraph fetch, by subgraph and outcome',
      labelNames: ['subgraph', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    this.subgraphErrors = new Counter({
      name: 'fedmgmt_gateway_subgraph_fetch_errors_total',
      help: 'Subgraph fetches that failed (timeout, network, non-2xx status)',
      labelNames: ['subgraph', 'kind'],
      registers,
    });
    this.auth = new Counter({
      name: 'fedmgmt_gateway_auth_total',
      help: 'Authentication outcomes: accepted by principal kind, refused by reason',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'fedmgmt_gateway_rate_limited_total',
      help: 'Requests refused by a rate limit (429)',
      labelNames: ['route'],
      registers,
    });
    this.executed = new Counter({
      name: 'fedmgmt_gateway_operations_executed_total',
      help: "Operations run by the gateway's own query-plan executor (own) or by @apollo/gateway's (apollo)",
      labelNames: ['executor'],
      registers,
    });
  }

  /** Wraps the runtime's authenticator so each outcome is counted (call after any test seam is set). */
  instrumentAuth(auth: AuthRuntime): void {
    if (auth.redisReady) this.addStore('redis', auth.redisReady);
    const authenticate = auth.authenticate;
    auth.authenticate = async (req) => {
      try {
        const result = await authenticate(req);
        this.auth.inc({ outcome: 'accepted', reason: result.auth.kind });
        return result;
      } catch (err) {
        this.auth.inc({
          outcome: 'refused',
          reason: isAuthFailure(err) ? (err.type.split('/').pop() ?? 'unknown') : 'error',
        });
        throw err;
      }
    };
  }

  override httpMiddleware(): ReturnType<ServiceMetrics['httpMiddleware']> {
    const common = super.httpMiddleware();
    return (req, res, next) => {
      res.on('finish', () => {
        const path = req.originalUrl.split('?')[0] ?? '';
        if (res.statusCode === 429 && GUARDED.has(path)) this.rateLimited.inc({ route: path });
      });
      common(req, res, next);
    };
  }

  observeFetch(subgraph: string, seconds: number, outcome: string): void {
    this.subgraphFetch.observe({ subgraph, outcome }, seconds);
    if (outcome !== 'ok') this.subgraphErrors.inc({ subgraph, kind: outcome });
  }
}

/** A failed fetch's kind, from the error undici/AbortSignal gave. */
export function fetchErrorKind(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
}
