import type { Server } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { EnvReader } from './env';
import { type MetricsConfig, metricsConfig, ServiceMetrics } from './metrics';
import { type TracingConfig, tracingConfig } from './tracing';

/** What each service's config.ts reads for metrics and tracing (see metrics.ts, tracing.ts). */
export interface ObservabilityConfig {
  metrics: MetricsConfig;
  tracing: TracingConfig;
}

export function observabilityConfig(
  e: EnvReader,
  serviceName: string,
  production: boolean,
): ObservabilityConfig {
  return { metrics: metricsConfig(e, production), tracing: tracingConfig(e, serviceName) };
}

/** Metrics on, nothing exposed, tracing off: for callers that pass no config. */
export const QUIET_OBSERVABILITY: ObservabilityConfig = {
  metrics: {
    port: undefined,
    host: '127.0.0.1',
    token: undefined,
    openOnMainPort: false,
    defaultMetrics: false,
    maxOperationNames: 200,
  },
  tracing: { endpoint: undefined, serviceName: 'fedmgmt' },
};

/**
 * A subgraph's ApolloServer is built by the subgraph (createSubgraphServer) before its app;
 * startSubgraph registers the service's metrics under the http.Server they share, and the
 * Apollo plugin finds them there.
 */
const byServer = new WeakMap<Server, ServiceMetrics>();

export function attachMetrics(server: Server, metrics: ServiceMetrics): void {
  byServer.set(server, metrics);
}

export function operationMetricsPlugin<T extends BaseContext>(
  server: Server,
): ApolloServerPlugin<T> {
  let inner: ApolloServerPlugin<T> | undefined;
  return {
    async requestDidStart(rc) {
      const metrics = byServer.get(server);
      if (!metrics) return;
      inner ??= metrics.apolloPlugin<T>();
      return inner.requestDidStart?.(rc);
    },
  };
}
