import type { Server } from 'node:http';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import {
  createLogger,
  createSubgraphServer,
  type Logger,
  type RunningService,
  startSubgraph,
  traceRedis,
} from '@fedmgmt/service-kit';
import type { AccountsConfig } from './config';
import { type AccountsContext, buildContext, createServices, type Repositories } from './context';
import { AccountsRepository } from './data/accountsRepository';
import { AccountSearch } from './data/accountSearch';
import { Cursors } from './data/cursor';
import { DcrRepository } from './data/dcrRepository';
import { connectRedis, defineScripts, pingRedis, type RedisClient as Redis } from './data/redis';
import { registrationRoute } from './dcr/registrationRoute';
import type { Resolvers } from './generated/resolvers';
import { resolvers } from './resolvers';
import { createSelfServiceRepos } from './selfservice/deps';

export const SUBGRAPH_NAME = 'accounts';
export const SCHEMA_DIR = join(__dirname, 'schema');

export interface RepositoryOptions {
  cursorSecret: string;
  listing: AccountsConfig['listing'];
}

/** The repositories' settings, taken from the typed config (loadConfig) like everything else. */
export function repositoryOptions(config: AccountsConfig): RepositoryOptions {
  return { cursorSecret: config.cursorSecret, listing: config.listing };
}

export function createRepositories(
  redis: Redis,
  keyPrefix: string,
  opts: RepositoryOptions,
): Repositories {
  defineScripts(redis);
  const cursors = new Cursors(opts.cursorSecret);
  const accounts = new AccountsRepository(redis, keyPrefix);
  return {
    accounts,
    accountSearch: new AccountSearch(redis, accounts, cursors, opts.listing),
    clients: new DcrRepository(redis, keyPrefix, cursors, opts.listing),
    selfService: createSelfServiceRepos(redis, keyPrefix),
  };
}

/** Builds the ApolloServer without listening: unit tests call executeOperation on it. */
export function createServer(deps: {
  redis: Redis;
  logger: Logger;
  httpServer?: Server;
}): ApolloServer<AccountsContext> {
  return createSubgraphServer<AccountsContext, Resolvers>({
    schemaDir: SCHEMA_DIR,
    resolvers,
    logger: deps.logger,
    onStop: async () => {
      await deps.redis.quit().catch(() => deps.redis.disconnect());
    },
    ...(deps.httpServer ? { httpServer: deps.httpServer } : {}),
  });
}

export async function start(
  config: AccountsConfig,
  logger: Logger = createLogger('accounts', config.logLevel),
): Promise<RunningService> {
  const redis = traceRedis(connectRedis(config, logger));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const repos = createRepositories(redis, config.keyPrefix, repositoryOptions(config));
  const services = createServices(config);
  return startSubgraph<AccountsContext>({
    name: SUBGRAPH_NAME,
    host: config.host,
    port: config.port,
    internalAuthSecret: config.internalAuthSecret,
    logger,
    build: (httpServer) => createServer({ redis, logger, httpServer }),
    context: (auth) => buildContext(auth, repos, logger, services),
    ready: () => pingRedis(redis),
    routes: (app) => registrationRoute(app, { config, repos, services, logger }),
    observability: config.observability,
    stores: { redis: () => pingRedis(redis) },
  });
}
