import type { Request, RequestHandler, Response, Router } from 'express';
import type { Logger } from 'pino';
import {
  type AuthContext,
  ContextError,
  INTERNAL_AUTH_HEADER,
  memoryReplayCache,
  type OperationBody,
  type ReplayCache,
  secretKey,
  verifyContext,
} from './context';

/** The one 401 body a subgraph's GraphQL endpoint gives: it never says which check failed. */
export const UNAUTHENTICATED_BODY = {
  errors: [
    {
      message: 'requests must come through the gateway',
      extensions: { code: 'UNAUTHENTICATED' },
    },
  ],
};

const MAX_CONTEXT_CHARS = 8192;

export interface InternalRouteOptions {
  method: 'get' | 'post';
  path: string;
  /** This service's name: the audience the context must carry. */
  audience: string;
  internalAuthSecret: string;
  logger: Logger;
  /** What the context must be bound to (operationHash): the GraphQL body, or the route's fixed binding. */
  binding: (req: Request) => OperationBody;
  /** A further check of the verified context (e.g. only a service principal); false or a throw refuses. */
  allow?: (auth: AuthContext) => boolean;
  /** How this route answers a refused request. */
  refuse: (res: Response) => void;
  /** The message of the refusal's log line. */
  refusedMessage: string;
  /**
   * Requests with no context header at all go here instead of being refused: a route with a second,
   * self-authenticated way in (DCR's initial access token). Calls `next()` to reach the handlers.
   */
  withoutContext?: RequestHandler;
  replay?: ReplayCache;
}

/**
 * Mounts a gateway-only route: the handlers run only for a request carrying a valid gateway-minted
 * context (`x-internal-auth`) for this audience, bound to `binding(req)`, never replayed, and passing
 * `allow`. The context is in res.locals.auth (read it with authOf). Every refusal is the same answer.
 */
export function mountInternalRoute(
  app: Router,
  opts: InternalRouteOptions,
  ...handlers: RequestHandler[]
): void {
  const key = secretKey(opts.internalAuthSecret);
  const replay = opts.replay ?? memoryReplayCache();
  const refuse = (res: Response, reason: string) => {
    opts.logger.warn({ reason, path: opts.path }, opts.refusedMessage);
    opts.refuse(res);
  };
  const guard: RequestHandler = async (req, res, next) => {
    const header = req.headers[INTERNAL_AUTH_HEADER];
    if (opts.withoutContext && !header) return opts.withoutContext(req, res, next);
    if (typeof header !== 'string' || header.length === 0 || header.length > MAX_CONTEXT_CHARS)
      return void opts.refuse(res);
    let auth: AuthContext;
    try {
      auth = await verifyContext(header, {
        audience: opts.audience,
        key,
        replay,
        body: opts.binding(req),
      });
    } catch (err) {
      return refuse(res, err instanceof ContextError ? err.reason : 'error');
    }
    let allowed: boolean;
    try {
      allowed = opts.allow?.(auth) ?? true;
    } catch {
      allowed = false;
    }
    if (!allowed) return refuse(res, 'not allowed');
    res.locals.auth = auth;
    next();
  };
  app[opts.method](opts.path, guard, ...handlers);
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new Error('mountInternalRoute did not run');
  return auth;
}
