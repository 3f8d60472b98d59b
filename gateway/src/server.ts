import { createServer as createHttpServer, type Server } from 'node:http';
import { ApolloGateway, type GraphQLDataSource, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  type AuthContext,
  createLogger,
  jsonErrorHandler,
  listen,
  type Logger,
  type RunningService,
} from '@fedmgmt/service-kit';
import express from 'express';
import { authMiddleware, graphqlFailure, problemFailure } from './auth/middleware';
import { type AuthRuntime, type AuthRuntimeOverrides, createAuthRuntime } from './auth/runtime';
import { backendAiHandler } from './backendai';
import { dcrFailure, mountDcrRoute } from './dcrRoute';
import { jsonBody } from './body';
import { executeWith, inboundDedup } from './dedup';
import { FastGateway } from './executor/gateway';
import { graphqlHandler } from './graphqlHttp';
import type { GatewayConfig } from './config';
import { mountCors } from './cors';
import { maskError } from './errors';
import { operationLimits } from './limits';
import { mountHealth, type ReadinessDeps, trackSubgraphs } from './health';
import { createObservability, type GatewayObservability } from './observability';
import { createFetcher, type GatewayRequestContext, timeoutsFor } from './subgraphClient';
import { subgraphServices } from './subgraphServices';
import { supergraphFromFile, type SupergraphFileState } from './supergraph';

export interface GatewayDeps extends AuthRuntimeOverrides {
  logger: Logger;
  /** Test seam: resolve every request to this principal instead of authenticating it. */
  authenticate?: (req: express.Request) => Promise<AuthContext>;
}

export interface BuiltGateway {
  app: express.Express;
  httpServer: Server;
  apollo: ApolloServer<GatewayRequestContext>;
  gateway: ApolloGateway;
  supergraph: SupergraphFileState;
  auth: AuthRuntime;
  observability: GatewayObservability;
  stop(): Promise<void>;
}

export interface GatewayCore {
  gateway: ApolloGateway;
  /** What Apollo Server runs operations through: `gateway` with our executor in front (executor/). */
  executing: FastGateway;
  supergraph: SupergraphFileState;
  subgraphs: ReturnType<typeof trackSubgraphs>;
  closeFetcher(): Promise<void>;
}

export function createGateway(
  config: GatewayConfig,
  logger: Logger,
  observability?: GatewayObservability,
): GatewayCore {
  const { fetcher, close } = createFetcher(config);
  const supergraph: SupergraphFileState = { loadedAt: undefined, version: 0 };
  // @apollo/gateway >= 2.14 reads this in its constructor; without it, it exports usage
  // telemetry and probes cloud metadata addresses. Nothing of ours may leave loopback.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const devSubgraphs = Object.entries(config.subgraphUrls).map(([name, url]) => ({ name, url }));
  const services = new Map<string, GraphQLDataSource>();
  const build = subgraphServices(config, fetcher, logger, observability);
  const gateway = new ApolloGateway({
    // Production loads the composed file; introspection is a local-development flag only.
    supergraphSdl: config.introspectAndCompose
      ? new IntrospectAndCompose({ subgraphs: devSubgraphs })
      : supergraphFromFile(config.supergraphPath, logger, config.watchSupergraph, supergraph),
    buildService: (def) => {
      const source = build(def);
      services.set(def.name, source);
      return source;
    },
    logger,
  });
  return {
    gateway,
    executing: new FastGateway(gateway, (name) => services.get(name), logger, {
      own: config.executor === 'own',
      onRun: (executor) => observability?.metrics.executed.inc({ executor }),
    }),
    supergraph,
    subgraphs: trackSubgraphs(gateway, config.subgraphUrls),
    closeFetcher: close,
  };
}

/** Builds the gateway's HTTP app and Apollo Server without listening. */
export async function buildGateway(
  config: GatewayConfig,
  deps: GatewayDeps,
): Promise<BuiltGateway> {
  const observability = createObservability(config, deps.logger);
  const { gateway, executing, supergraph, subgraphs, closeFetcher } = createGateway(
    config,
    deps.logger,
    observability,
  );
  const httpServer = createHttpServer();
  const limits = operationLimits(config.limits);
  const apollo = new ApolloServer<GatewayRequestContext>({
    gateway: executing,
    logger: deps.logger,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    // Refused per caller by the introspection policy in limits.ts.
    introspection: true,
    persistedQueries: false,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    formatError: (formatted) => maskError(formatted),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...limits.plugins,
      ...observability.apolloPlugins,
    ],
  });
  await apollo.start();
  const auth = await createAuthRuntime(
    config.auth,
    config.internalAuthSecrets.admin,
    deps.logger,
    deps,
  );
  const fixed = deps.authenticate;
  if (fixed) auth.authenticate = async (req) => ({ auth: await fixed(req) });
  observability.instrumentAuth(auth);
  const app = buildApp(
    config,
    apollo,
    auth,
    deps.logger,
    {
      gateway,
      subgraphs,
      redisReady: auth.redisReady,
      cacheMs: config.readyCacheMs,
      logger: deps.logger,
    },
    observability,
  );
  httpServer.on('request', app);
  return {
    app,
    httpServer,
    apollo,
    gateway,
    supergraph,
    auth,
    observability,
    stop: async () => {
      await apollo.stop();
      await closeFetcher();
      await auth.close();
      await observability.close();
    },
  };
}

function buildApp(
  config: GatewayConfig,
  apollo: ApolloServer<GatewayRequestContext>,
  auth: AuthRuntime,
  logger: Logger,
  health: ReadinessDeps,
  observability: GatewayObservability,
) {
  const app = express();
  app.disable('x-powered-by');
  observability.mount(app);
  mountCors(app, config.cors);
  mountHealth(app, health);
  app.use(jsonBody(config.limits));
  const guard = (render: typeof graphqlFailure) =>
    authMiddleware(
      auth.authenticate,
      {
        count: auth.countRequest,
        countToken: auth.countTokenRequest,
        tokenLimit: config.auth.tokenRateLimit,
      },
      render,
      logger,
    );
  const contextOf = (res: express.Response): GatewayRequestContext => ({
    auth: res.locals.auth as GatewayRequestContext['auth'],
  });
  app.use(
    '/graphql',
    guard(graphqlFailure),
    ...(config.inboundDedup ? [inboundDedup(executeWith(apollo), contextOf)] : []),
    graphqlHandler(apollo, contextOf),
  );
  app.post('/admin/gql', guard(problemFailure), backendAiHandler(apollo, false));
  app.post('/admin/graphql', guard(problemFailure), backendAiHandler(apollo, true));
  const accountsUrl = config.subgraphUrls.accounts;
  const accountsSecret = config.internalAuthSecrets.accounts;
  if (accountsUrl && accountsSecret)
    mountDcrRoute(app, {
      accountsUrl,
      internalAuthSecret: accountsSecret,
      contextTtlSeconds: config.contextTtlSeconds,
      timeoutMs: timeoutsFor(config, 'accounts').mutationMs,
      guard: guard(dcrFailure),
      logger,
    });
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(jsonErrorHandler(logger));
  return app;
}

export async function start(
  config: GatewayConfig,
  logger: Logger = createLogger('gateway', config.logLevel),
): Promise<RunningService> {
  const built = await buildGateway(config, { logger });
  try {
    const { url, port } = await listen(built.httpServer, config.port, config.host);
    const metricsUrl = await built.observability.listen();
    return { url, port, ...(metricsUrl ? { metricsUrl } : {}), stop: built.stop };
  } catch (err) {
    await built.stop();
    throw err;
  }
}
