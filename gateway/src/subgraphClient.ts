import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { type AuthContext, mintContext, INTERNAL_AUTH_HEADER, secretKey } from '@fedmgmt/service-kit';
import { Agent, fetch as undiciFetch } from 'undici';
import { isIdentityHeader } from './auth/middleware';
import type { GatewayConfig } from './config';

export interface GatewayRequestContext {
  auth?: AuthContext;
}

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/**
 * One keep-alive connection pool for all subgraph calls, and a hard timeout per fetch:
 * @apollo/gateway has none by default, so a hung subgraph would hang the client.
 */
export function createFetcher(config: Pick<GatewayConfig, 'subgraphTimeoutMs' | 'subgraphMaxSockets'>): {
  fetcher: Fetcher;
  close: () => Promise<void>;
} {
  const agent = new Agent({
    connections: config.subgraphMaxSockets,
    keepAliveTimeout: 30_000,
    headersTimeout: config.subgraphTimeoutMs,
    bodyTimeout: config.subgraphTimeoutMs,
    connect: { timeout: Math.min(config.subgraphTimeoutMs, 5000) },
  });
  const fetcher = ((url: string, init: Record<string, unknown> = {}) =>
    undiciFetch(url, {
      ...init,
      dispatcher: agent,
      signal: AbortSignal.timeout(config.subgraphTimeoutMs),
    })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}

const SERVICE_CONTEXT: Omit<AuthContext, 'requestId'> = { kind: 'service', scopes: [], groups: [] };

/**
 * Sends each subgraph only what it needs: the operation plus a short-lived context signed
 * with that subgraph's own key and bound to this exact operation. No client header is forwarded.
 */
export class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayRequestContext> {
  private readonly key: Uint8Array;

  constructor(
    private readonly subgraphName: string,
    url: string,
    secret: string,
    private readonly ttlSeconds: number,
    fetcher: Fetcher,
  ) {
    super({ url, fetcher });
    this.key = secretKey(secret);
  }

  override async willSendRequest(opts: GraphQLDataSourceProcessOptions<GatewayRequestContext>): Promise<void> {
    const headers = opts.request.http?.headers;
    if (!headers) return;
    // Outgoing requests start empty; this keeps it so if that ever changes upstream.
    const present = Array.from(headers, ([name]) => name);
    for (const name of present) if (isIdentityHeader(name)) headers.delete(name);
    const auth = opts.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? opts.context.auth : undefined;
    // Health checks and schema loads act as the gateway itself, which may read nothing.
    const ctx: AuthContext = auth ?? { ...SERVICE_CONTEXT, requestId: opts.kind.replace(' ', '-') };
    const token = await mintContext(ctx, {
      audience: this.subgraphName,
      key: this.key,
      ttlSeconds: this.ttlSeconds,
      body: { query: opts.request.query, variables: opts.request.variables },
    });
    headers.set(INTERNAL_AUTH_HEADER, token);
  }
}
