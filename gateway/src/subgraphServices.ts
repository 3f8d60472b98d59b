import type { GraphQLDataSource } from '@apollo/gateway';
import type { Logger } from '@fedmgmt/service-kit';
import type { GatewayConfig } from './config';
import { dedupFetches } from './fetchDedup';
import type { GatewayObservability } from './observability';
import {
  AuthenticatedDataSource,
  type createFetcher,
  type GatewayRequestContext,
  timeoutsFor,
} from './subgraphClient';

type Fetcher = ReturnType<typeof createFetcher>['fetcher'];

/**
 * ApolloGateway's buildService: each subgraph's data source, in the order a fetch passes them:
 * in-flight dedup per caller (fetchDedup.ts), then the authenticated HTTP call (subgraphClient.ts),
 * which signs what is actually sent.
 */
export function subgraphServices(
  config: GatewayConfig,
  fetcher: Fetcher,
  logger: Logger,
  observability?: GatewayObservability,
): (def: { name: string; url?: string }) => GraphQLDataSource<GatewayRequestContext> {
  return ({ name, url }) => {
    const secret = config.internalAuthSecrets[name];
    if (!secret) throw new Error(`INTERNAL_AUTH_SECRET_${name.toUpperCase()} is not set`);
    const source: GraphQLDataSource<GatewayRequestContext> = new AuthenticatedDataSource(
      name,
      config.subgraphUrls[name] ?? url ?? '',
      secret,
      config.contextTtlSeconds,
      observability ? observability.wrapFetcher(name, fetcher) : fetcher,
      timeoutsFor(config, name),
      logger,
    );
    return config.subgraphDedup ? dedupFetches(source) : source;
  };
}
