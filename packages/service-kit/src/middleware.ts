import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import {
  type AuthContext,
  ContextError,
  INTERNAL_AUTH_HEADER,
  type ReplayCache,
  verifyContext,
} from './context';

export interface GatewayGuardOptions {
  audience: string;
  key: Uint8Array;
  replay: ReplayCache;
  logger: Logger;
}

/** The one 401 body a subgraph gives: it never says which check failed. */
export const UNAUTHENTICATED_BODY = {
  errors: [
    {
      message: 'requests must come through the gateway',
      extensions: { code: 'UNAUTHENTICATED' },
    },
  ],
};

/**
 * Express middleware: accept only requests carrying a valid gateway-minted context
 * bound to this subgraph and to this exact operation. Puts the context in res.locals.auth.
 */
export function requireGatewayContext(opts: GatewayGuardOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers[INTERNAL_AUTH_HEADER];
    if (typeof header !== 'string' || header.length === 0 || header.length > 8192) {
      res.status(401).json(UNAUTHENTICATED_BODY);
      return;
    }
    try {
      const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
      res.locals.auth = await verifyContext(header, { ...opts, body });
      next();
    } catch (err) {
      const reason = err instanceof ContextError ? err.reason : 'error';
      opts.logger.warn(
        { reason, path: req.path },
        'refused request without a valid gateway context',
      );
      res.status(401).json(UNAUTHENTICATED_BODY);
    }
  };
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new Error('requireGatewayContext did not run');
  return auth;
}
