import type { Server } from 'node:http';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { createLogger, createSubgraphServer, type Logger, type RunningService, startSubgraph } from '@fedmgmt/service-kit';
import type Redis from 'ioredis';
import type { AccountsConfig } from './config';
import { type AccountsContext, buildContext, type Repositories } from './context';
import { AccountsRepository } from './data/accountsRepository';
import { connectRedis, pingRedis } from './data/redis';
import { resolvers } from './resolvers';

export const SUBGRAPH_NAME = 'accounts';
export const SCHEMA_DIR = join(__dirname, 'schema');

export function createRepositories(redis: Redis, keyPrefix: string): Repositories {
  return { accounts: new AccountsRepository(redis, keyPrefix) };
}

/** Builds the ApolloServer without listening: unit tests call executeOperation on it. */
export function createServer(deps: { redis: Redis; logger: Logger; httpServer?: Server }): ApolloServer<AccountsContext> {
  return createSubgraphServer<AccountsContext>({
    schemaDir: SCHEMA_DIR,
    resolvers,
    logger: deps.logger,
    onStop: async () => {
      await deps.redis.quit().catch(() => deps.redis.disconnect());
    },
    ...(deps.httpServer ? { httpServer: deps.httpServer } : {}),
  });
}

export async function start(config: AccountsConfig, logger: Logger = createLogger('accounts', config.logLevel)): Promise<RunningService> {
  const redis = connectRedis(config);
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis: ${err instanceof Error ? err.message : String(err)}`);
  }
  const repos = createRepositories(redis, config.keyPrefix);
  return startSubgraph<AccountsContext>({
    name: SUBGRAPH_NAME,
    host: config.host,
    port: config.port,
    internalAuthSecret: config.internalAuthSecret,
    logger,
    build: (httpServer) => createServer({ redis, logger, httpServer }),
    context: (auth) => buildContext(auth, repos, logger),
    ready: () => pingRedis(redis),
  });
}
