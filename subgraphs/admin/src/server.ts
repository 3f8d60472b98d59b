import type { Server } from 'node:http';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import {
  createLogger,
  createSubgraphServer,
  type Logger,
  type RunningService,
  startSubgraph,
  traceMongo,
} from '@fedmgmt/service-kit';
import type { AdminConfig } from './config';
import { type AdminContext, buildContext } from './context';
import { type KeyPairSignals, connectSignals, noSignals } from './data/keypairSignals';
import { connectMongo, type MongoStore } from './data/mongo';
import { buildRepositories, ensureAllIndexes, type Repositories } from './data/repositories';
import { SecretBox } from './data/secretBox';
import type { Resolvers } from './generated/resolvers';
import { mountKeypairRoute } from './keypairRoute';
import { resolvers } from './resolvers';

export const SUBGRAPH_NAME = 'admin';
export const SCHEMA_DIR = join(__dirname, 'schema');

export function createRepositories(
  store: MongoStore,
  deps: { secretEncryptionKey: Buffer; signals?: KeyPairSignals },
): Repositories {
  return buildRepositories(
    store,
    new SecretBox(deps.secretEncryptionKey),
    deps.signals ?? noSignals,
  );
}

export async function ensureIndexes(repos: Repositories): Promise<void> {
  await ensureAllIndexes(repos);
}

/** Builds the ApolloServer without listening: unit tests call executeOperation on it. */
export function createServer(deps: {
  store: MongoStore;
  logger: Logger;
  httpServer?: Server;
  onStop?: () => Promise<void>;
}): ApolloServer<AdminContext> {
  return createSubgraphServer<AdminContext, Resolvers>({
    schemaDir: SCHEMA_DIR,
    resolvers,
    logger: deps.logger,
    onStop: async () => {
      await deps.onStop?.();
      await deps.store.close();
    },
    ...(deps.httpServer ? { httpServer: deps.httpServer } : {}),
  });
}

export async function start(
  config: AdminConfig,
  logger: Logger = createLogger('admin', config.logLevel),
): Promise<RunningService> {
  const store = await connectMongo(config);
  traceMongo(store.client);
  const signals = connectSignals(config, logger);
  const repos = createRepositories(store, {
    secretEncryptionKey: config.secretEncryptionKey,
    signals,
  });
  try {
    await ensureIndexes(repos);
  } catch (err) {
    await signals.close();
    await store.close();
    throw err;
  }
  return startSubgraph<AdminContext>({
    name: SUBGRAPH_NAME,
    host: config.host,
    port: config.port,
    internalAuthSecret: config.internalAuthSecret,
    logger,
    build: (httpServer) =>
      createServer({ store, logger, httpServer, onStop: () => signals.close() }),
    context: (auth) => buildContext(auth, repos, logger, config.listLimitMax),
    ready: () => store.ping(),
    observability: config.observability,
    stores: { mongodb: () => store.ping() },
    routes: (app) =>
      mountKeypairRoute(app, {
        audience: SUBGRAPH_NAME,
        internalAuthSecret: config.internalAuthSecret,
        repos,
        logger,
      }),
  });
}
