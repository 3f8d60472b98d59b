import type { AuthContext } from '@fedmgmt/service-kit';
import type { Logger } from 'pino';
import { type ConnectionReaders, createConnectionReaders } from './data/connections';
import type { Repositories } from './data/repositories';
import { buildLoaders, type Loaders } from './loaders';

export type { Repositories } from './data/repositories';

export interface AdminContext {
  auth: AuthContext;
  logger: Logger;
  repos: Repositories;
  loaders: Loaders;
  /** The Relay and V2 connections' reads (data/connections), built per request. */
  connections: ConnectionReaders;
  /** Upper bound for `limit` on *_list fields. */
  listLimitMax: number;
}

/** A fresh context per request: DataLoaders never share a cache across callers. */
export function buildContext(
  auth: AuthContext,
  repos: Repositories,
  logger: Logger,
  listLimitMax = 100,
): AdminContext {
  return {
    auth,
    logger: logger.child({ requestId: auth.requestId }),
    repos,
    loaders: buildLoaders(repos),
    connections: createConnectionReaders(repos.store, repos.listing),
    listLimitMax,
  };
}
