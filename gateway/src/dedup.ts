import { createHash } from 'node:crypto';
import type { ApolloServer, HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';
import type { AuthContext } from '@fedmgmt/service-kit';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type DocumentNode, Kind, parse } from 'graphql';
import { stringify as stableStringify } from 'safe-stable-stringify';
import { toHttpRequest } from './graphqlHttp';
import type { GatewayRequestContext } from './subgraphClient';

/**
 * Inbound in-flight deduplication: identical concurrent client queries run once and every one of
 * them gets the answer. "Identical" means the same caller identity (the whole verified auth context
 * but its request id), the same query text, operation name, variables, extensions and Accept header;
 * only queries, never mutations; only while the first is in flight (nothing is cached). Each request
 * has been authenticated and rate-limited on its own before it gets here.
 */
export type Execute = (
  req: HTTPGraphQLRequest,
  context: GatewayRequestContext,
) => Promise<HTTPGraphQLResponse>;

interface Shared {
  status: number;
  headers: [string, string][];
  /** Encoded once, however many requests it answers. */
  body: Buffer;
}

/** Who the caller is, for sharing purposes: everything a subgraph is told about it except the request id. */
export function callerKey(auth: AuthContext | undefined): string {
  if (!auth) return 'none';
  const { requestId: _ignored, ...identity } = auth;
  return stableStringify(identity) ?? 'none';
}

const MAX_SHARED_QUERY_LENGTH = 16_384;
const operationTypes = new Map<string, Map<string | null, string> | null>();

/** The type of the operation a request selects, or undefined when unknown or not parseable. */
export function selectedOperationType(
  query: string,
  operationName: string | null,
): string | undefined {
  // Bounds the cache's memory (1000 keys of at most 16 KB); a longer document is just not shared.
  if (query.length > MAX_SHARED_QUERY_LENGTH) return undefined;
  let ops = operationTypes.get(query);
  if (ops === undefined) {
    let doc: DocumentNode | undefined;
    try {
      doc = parse(query, { noLocation: true, maxTokens: 10_000 });
    } catch {
      doc = undefined;
    }
    ops = doc ? new Map() : null;
    for (const def of doc?.definitions ?? []) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      ops?.set(def.name?.value ?? null, def.operation);
    }
    if (operationTypes.size >= 1000) operationTypes.clear();
    operationTypes.set(query, ops);
  }
  if (!ops) return undefined;
  if (operationName === null) return ops.size === 1 ? [...ops.values()][0] : undefined;
  return ops.get(operationName);
}

/** The dedup key of a request, or undefined when it must run on its own. */
export function dedupKey(req: Request, auth: AuthContext | undefined): string | undefined {
  const body = req.body as
    | { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown }
    | undefined;
  if (req.method !== 'POST' || !body || typeof body !== 'object' || typeof body.query !== 'string')
    return undefined;
  const operationName = typeof body.operationName === 'string' ? body.operationName : null;
  if (selectedOperationType(body.query, operationName) !== 'query') return undefined;
  return createHash('sha256')
    .update(callerKey(auth))
    .update('\0')
    .update(body.query)
    .update('\0')
    .update(
      stableStringify([
        operationName,
        body.variables ?? null,
        body.extensions ?? null,
        req.headers.accept ?? null,
      ]) ?? '',
    )
    .digest('base64url');
}

/** Written as graphqlHttp.ts writes a POST's answer: no per-send body hash for an ETag. */
function send(res: Response, shared: Shared): void {
  for (const [key, value] of shared.headers) res.setHeader(key, value);
  res.statusCode = shared.status;
  res.setHeader('content-length', shared.body.length);
  res.end(shared.body);
}

export function executeWith(apollo: ApolloServer<GatewayRequestContext>): Execute {
  return (httpGraphQLRequest, context) =>
    apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context });
}

/** Express middleware in front of the Apollo handler; passes through whatever it does not deduplicate. */
export function inboundDedup(
  execute: Execute,
  contextOf: (res: Response) => GatewayRequestContext,
): RequestHandler & { inFlight(): number } {
  const inFlight = new Map<string, Promise<Shared | undefined>>();
  const handler = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const context = contextOf(res);
    const key = dedupKey(req, context.auth);
    if (!key) return next();
    const running = inFlight.get(key);
    if (running) {
      try {
        const shared = await running;
        // The first request streamed an incremental answer: nothing to share, run this one itself.
        return shared ? send(res, shared) : next();
      } catch (err) {
        return next(err);
      }
    }
    let resolveShared!: (s: Shared | undefined) => void;
    let rejectShared!: (e: unknown) => void;
    const promise = new Promise<Shared | undefined>(
      (ok, fail) => ((resolveShared = ok), (rejectShared = fail)),
    );
    promise.catch(() => undefined);
    inFlight.set(key, promise);
    try {
      const result = await execute(toHttpRequest(req), context);
      inFlight.delete(key);
      if (result.body.kind !== 'complete') {
        resolveShared(undefined);
        for (const [k, v] of result.headers) res.setHeader(k, v);
        res.statusCode = result.status ?? 200;
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
        return;
      }
      const body = Buffer.from(result.body.string);
      const shared: Shared = { status: result.status ?? 200, headers: [...result.headers], body };
      resolveShared(shared);
      send(res, shared);
    } catch (err) {
      inFlight.delete(key);
      rejectShared(err);
      next(err);
    }
  };
  return Object.assign(handler, { inFlight: () => inFlight.size });
}
