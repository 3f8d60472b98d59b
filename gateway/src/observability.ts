import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  initTracing,
  type Logger,
  mountMetrics,
  requestIdMiddleware,
  serverSpanMiddleware,
  startMetricsListener,
  type TracingHandle,
} from '@fedmgmt/service-kit';
import type { Express } from 'express';
import type { AuthRuntime } from './auth/runtime';
import type { GatewayConfig } from './config';
import { mountGraphiql } from './graphiql';
import { GatewayMetrics } from './metrics';
import { instrumentFetcher } from './tracing';
import type { GatewayRequestContext } from './subgraphClient';

/** Request ids, metrics, tracing and GraphiQL for the gateway, wired by server.ts in a few calls. */
export interface GatewayObservability {
  metrics: GatewayMetrics;
  /** Per-subgraph fetch instrumentation for buildService. */
  wrapFetcher<F>(subgraph: string, fetcher: F): F;
  apolloPlugins: ApolloServerPlugin<GatewayRequestContext>[];
  instrumentAuth(auth: AuthRuntime): void;
  /** First on the app: request id, server span, HTTP metrics, /metrics, GraphiQL. */
  mount(app: Express): void;
  /** The METRICS_PORT listener, if configured; returns its URL. */
  listen(): Promise<string | undefined>;
  close(): Promise<void>;
}

export function createObservability(config: GatewayConfig, logger: Logger): GatewayObservability {
  const metrics = new GatewayMetrics(config.observability.metrics);
  const tracing: TracingHandle | undefined = initTracing(config.observability.tracing);
  let listener: Awaited<ReturnType<typeof startMetricsListener>>;
  return {
    metrics,
    wrapFetcher: (subgraph, fetcher) => instrumentFetcher(subgraph, fetcher, metrics),
    // Apollo's own landing pages load from a CDN: off; GraphiQL is served locally instead.
    apolloPlugins: [
      metrics.apolloPlugin<GatewayRequestContext>(),
      ApolloServerPluginLandingPageDisabled(),
    ],
    instrumentAuth: (auth) => metrics.instrumentAuth(auth),
    mount(app) {
      app.use(requestIdMiddleware(logger));
      app.use(serverSpanMiddleware('gateway', { extract: false }));
      app.use(metrics.httpMiddleware());
      mountMetrics(app, metrics, config.observability.metrics);
      mountGraphiql(app, config.graphiql);
    },
    async listen() {
      listener = await startMetricsListener(metrics, config.observability.metrics);
      return listener?.url;
    },
    async close() {
      await listener?.close();
      await tracing?.forceFlush();
    },
  };
}
