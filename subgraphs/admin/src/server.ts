import type { Server } from 'node:http';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { createLogger, createSubgraphServer, type Logger, type RunningService, startSubgraph } from '@fedmgmt/service-kit';
import type { AdminConfig } from './config';
import { type AdminContext, buildContext, type Repositories } from './context';
import { connectMongo, type MongoStore } from './data/mongo';
import { UsersRepository } from './data/usersRepository';
import { resolvers } from './resolvers';

export const SUBGRAPH_NAME = 'admin';
export const SCHEMA_DIR = join(__dirname, 'schema');

export function createRepositories(store: MongoStore): Repositories {
  return { users: new UsersRepository(store) };
}

export async function ensureIndexes(repos: Repositories): Promise<void> {
  await repos.users.ensureIndexes();
}

/** Builds the ApolloServer without listening: unit tests call executeOperation on it. */
export function createServer(deps: { store: MongoStore; logger: Logger; httpServer?: Server }): ApolloServer<AdminContext> {
  return createSubgraphServer<AdminContext>({
    schemaDir: SCHEMA_DIR,
    resolvers,
    logger: deps.logger,
    onStop: () => deps.store.close(),
    ...(deps.httpServer ? { httpServer: deps.httpServer } : {}),
  });
}

export async function start(config: AdminConfig, logger: Logger = createLogger('admin', config.logLevel)): Promise<RunningService> {
  const store = await connectMongo(config);
  const repos = createRepositories(store);
  try {
    await ensureIndexes(repos);
  } catch (err) {
    await store.close();
    throw err;
  }
  return startSubgraph<AdminContext>({
    name: SUBGRAPH_NAME,
    host: config.host,
    port: config.port,
    internalAuthSecret: config.internalAuthSecret,
    logger,
    build: (httpServer) => createServer({ store, logger, httpServer }),
    context: (auth) => buildContext(auth, repos, logger),
    ready: () => store.ping(),
  });
}
