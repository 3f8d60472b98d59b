import type { Server } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Logger } from 'pino';
import type { AuthContext } from './context';
import { buildSubgraphApp, listen, newHttpServer } from './http';
import type { HealthProbe } from './metrics';
import { ServiceMetrics } from './metrics';
import { startMetricsListener } from './metricsHttp';
import {
  attachMetrics,
  type ObservabilityConfig,
  operationMetricsPlugin,
  QUIET_OBSERVABILITY,
} from './observability';
import { loadSdl } from './sdl';
import { storeOutageFormatter, storeOutagePlugin } from './unavailable';
import { initTracing } from './tracing';

export interface SubgraphServerOptions<TResolvers extends object> {
  schemaDir: string;
  /** The subgraph's resolver map, typed by its generated `Resolvers` (`npm run codegen`). */
  resolvers: TResolvers;
  logger: Logger;
  httpServer?: Server;
  /** Closes the store client when the server stops. */
  onStop: () => Promise<void>;
}

/**
 * A subgraph's ApolloServer, built without listening (unit tests call executeOperation).
 * `TResolvers` is the subgraph's generated `Resolvers` type, named at the call site so the map
 * is checked against the SDL there.
 */
export function createSubgraphServer<TContext extends BaseContext, TResolvers extends object>(
  opts: SubgraphServerOptions<TResolvers>,
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema: buildSubgraphSchema({
      typeDefs: loadSdl(opts.schemaDir),
      // The generated types are checked against the SDL; @apollo/subgraph's map type is looser
      // (any parent, any field) and spells __resolveReference differently, hence this one cast.
      resolvers: opts.resolvers as GraphQLResolverMap<unknown>,
    }),
    // Only the gateway talks to a subgraph, and it loads the composed supergraph from a file.
    introspection: false,
    includeStacktraceInErrorResponses: false,
    // A bad variable (e.g. a malformed UUID) must reach the client as a BAD_USER_INPUT error:
    // the gateway turns any non-2xx subgraph answer into an opaque "400: Bad Request".
    status400ForVariableCoercionErrors: false,
    logger: opts.logger,
    // Store outages answer SERVICE_UNAVAILABLE / OUTCOME_UNKNOWN, never INTERNAL_SERVER_ERROR.
    formatError: storeOutageFormatter(opts.logger),
    plugins: [
      storeOutagePlugin<TContext>(),
      // No ftv1 traces: nothing consumes them, and they cost CPU on every request.
      ApolloServerPluginInlineTraceDisabled(),
      ...(opts.httpServer
        ? [
            ApolloServerPluginDrainHttpServer({ httpServer: opts.httpServer }),
            operationMetricsPlugin<TContext>(opts.httpServer),
          ]
        : []),
      { serverWillStart: async () => ({ serverWillStop: opts.onStop }) },
    ],
  });
}

export interface StartSubgraphOptions<TContext extends BaseContext> {
  name: string;
  host: string;
  port: number;
  internalAuthSecret: string;
  logger: Logger;
  build: (httpServer: Server) => ApolloServer<TContext>;
  context: (auth: AuthContext) => TContext;
  ready: () => Promise<boolean>;
  routes?: Parameters<typeof buildSubgraphApp>[0]['routes'];
  observability?: ObservabilityConfig;
  /** Stores whose health becomes fedmgmt_store_up{store} (e.g. { mongodb: ping }). */
  stores?: Record<string, HealthProbe>;
}

export interface RunningService {
  url: string;
  port: number;
  /** The separate metrics listener's URL, when METRICS_PORT is set. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

/** Starts Apollo, mounts it behind the gateway-context guard, and listens. */
export async function startSubgraph<TContext extends BaseContext>(
  opts: StartSubgraphOptions<TContext>,
): Promise<RunningService> {
  const httpServer = newHttpServer();
  const observability = opts.observability ?? QUIET_OBSERVABILITY;
  const tracing = initTracing(observability.tracing);
  const metrics = new ServiceMetrics(opts.name, observability.metrics);
  for (const [store, probe] of Object.entries(opts.stores ?? {})) metrics.addStore(store, probe);
  attachMetrics(httpServer, metrics);
  const apollo = opts.build(httpServer);
  await apollo.start();
  const app = buildSubgraphApp({
    ...opts,
    apollo,
    metrics: { registry: metrics, config: observability.metrics },
  });
  httpServer.on('request', app);
  try {
    const { url, port } = await listen(httpServer, opts.port, opts.host);
    const listener = await startMetricsListener(metrics, observability.metrics);
    const stop = async () => {
      await apollo.stop();
      await listener?.close();
      await tracing?.forceFlush();
    };
    return { url, port, ...(listener ? { metricsUrl: listener.url } : {}), stop };
  } catch (err) {
    await apollo.stop();
    throw err;
  }
}
