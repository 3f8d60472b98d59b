import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import {
  type AuthContext,
  mintContext,
  INTERNAL_AUTH_HEADER,
  secretKey,
} from '@fedmgmt/service-kit';
import { Agent } from 'undici';
import type { Logger } from '@fedmgmt/service-kit';
import { isIdentityHeader } from './auth/middleware';
import { failureReason, isMutation, subgraphFailure } from './errors';
import { requestAsFetch } from './requestFetch';
import type { GatewayConfig } from './config';

export interface GatewayRequestContext {
  auth?: AuthContext;
}

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/** Set by the data source, read and removed by the fetcher: the deadline of this one fetch. Never sent. */
const DEADLINE_HEADER = 'x-fedmgmt-deadline-ms';

export interface SubgraphTimeouts {
  queryMs: number;
  mutationMs: number;
}

type TimeoutConfig = Pick<
  GatewayConfig,
  'subgraphTimeoutMs' | 'subgraphMutationTimeoutMs' | 'subgraphTimeouts'
>;

/** SUBGRAPH_TIMEOUT_MS / SUBGRAPH_MUTATION_TIMEOUT_MS, unless the subgraph has its own override. */
export function timeoutsFor(config: TimeoutConfig, name: string): SubgraphTimeouts {
  const own = config.subgraphTimeouts[name] ?? {};
  return {
    queryMs: own.queryMs ?? config.subgraphTimeoutMs,
    mutationMs: own.mutationMs ?? config.subgraphMutationTimeoutMs,
  };
}

/**
 * One keep-alive connection pool for all subgraph calls, and a hard deadline per fetch
 * (shorter for queries than for mutations): @apollo/gateway has none by default, so a hung
 * subgraph would hang the client.
 */
export function createFetcher(config: TimeoutConfig & Pick<GatewayConfig, 'subgraphMaxSockets'>): {
  fetcher: Fetcher;
  close: () => Promise<void>;
} {
  const all = [
    config.subgraphTimeoutMs,
    config.subgraphMutationTimeoutMs,
    ...Object.values(config.subgraphTimeouts).flatMap((t) => [t.queryMs ?? 0, t.mutationMs ?? 0]),
  ];
  const longest = Math.max(...all);
  const agent = new Agent({
    connections: config.subgraphMaxSockets,
    keepAliveTimeout: 30_000,
    headersTimeout: longest,
    bodyTimeout: longest,
    connect: { timeout: Math.min(config.subgraphTimeoutMs, 5000) },
  });
  const fetcher = ((
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) => {
    const { [DEADLINE_HEADER]: deadline, ...headers } = init.headers ?? {};
    const ms = Number(deadline) > 0 ? Number(deadline) : config.subgraphTimeoutMs;
    return requestAsFetch(agent, url, {
      method: init.method,
      headers,
      body: init.body,
      signal: AbortSignal.timeout(ms),
    });
  }) as unknown as Fetcher;
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
    private readonly timeouts: SubgraphTimeouts,
    private readonly logger: Logger,
  ) {
    super({ url, fetcher });
    this.key = secretKey(secret);
  }

  override async willSendRequest(
    opts: GraphQLDataSourceProcessOptions<GatewayRequestContext>,
  ): Promise<void> {
    const headers = opts.request.http?.headers;
    if (!headers) return;
    // Outgoing requests start empty; this keeps it so if that ever changes upstream.
    const present = Array.from(headers, ([name]) => name);
    for (const name of present) if (isIdentityHeader(name)) headers.delete(name);
    const auth =
      opts.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? opts.context.auth : undefined;
    // Health checks and schema loads act as the gateway itself, which may read nothing.
    const ctx: AuthContext = auth ?? { ...SERVICE_CONTEXT, requestId: opts.kind.replace(' ', '-') };
    const token = await mintContext(ctx, {
      audience: this.subgraphName,
      key: this.key,
      ttlSeconds: this.ttlSeconds,
      body: { query: opts.request.query, variables: opts.request.variables },
    });
    headers.set(INTERNAL_AUTH_HEADER, token);
    headers.set(
      DEADLINE_HEADER,
      String(isMutation(opts.request.query) ? this.timeouts.mutationMs : this.timeouts.queryMs),
    );
  }

  /** A subgraph that cannot be reached, hangs or drops the connection answers a documented code (errors.ts). */
  override didEncounterError(
    error: Error,
    _req: unknown,
    response?: { status: number },
    _ctx?: unknown,
    request?: { query?: string },
  ): never {
    const status = response?.status;
    // A subgraph that answered 4xx refused the request itself (auth, a malformed operation): pass it on.
    if (status !== undefined && status < 500) throw error;
    const failure = subgraphFailure(error, isMutation(request?.query), status);
    this.logger.warn(
      {
        subgraph: this.subgraphName,
        code: failure.extensions.code,
        reason: failureReason(error, status),
      },
      'subgraph call failed',
    );
    throw failure;
  }
}
