import {
  type AuthContext,
  DCR_REGISTRATION_BINDING,
  DCR_REGISTRATION_PATH,
  INTERNAL_AUTH_HEADER,
  type Logger,
  mintContextSync,
  REQUEST_ID_HEADER,
  secretKey,
} from '@fedmgmt/service-kit';
import type { Express, RequestHandler, Response } from 'express';
import type { AuthFailure } from './auth/failures';
import { authOf } from './auth/middleware';

export interface DcrRouteOptions {
  /** The accounts subgraph's URL (its /graphql; the registration route is beside it). */
  accountsUrl: string;
  internalAuthSecret: string;
  contextTtlSeconds: number;
  timeoutMs: number;
  /** The gateway's authentication and rate limit, rendering refusals with dcrFailure. */
  guard: RequestHandler;
  logger: Logger;
}

/** Refusals in RFC 6750/7591 shape, the way the accounts subgraph's own route answers. */
export function dcrFailure(res: Response, f: AuthFailure): void {
  res.status(f.status).setHeader('Cache-Control', 'no-store');
  if (f.status === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  res.json({
    error:
      f.status === 401
        ? 'invalid_token'
        : f.status === 400
          ? 'invalid_request'
          : 'temporarily_unavailable',
    error_description: f.msg,
  });
}

const RELAYED = ['content-type', 'cache-control', 'www-authenticate'];

/**
 * POST /oauth/register (RFC 7591) for callers the gateway authenticates (keypair or token). The
 * gateway mints a context for audience `accounts` bound to DCR_REGISTRATION_BINDING and forwards the
 * JSON body to the accounts subgraph's registration route, which decides (its authorizer: may this
 * caller create clients?) and answers; the gateway relays that answer.
 */
export function mountDcrRoute(app: Express, opts: DcrRouteOptions): void {
  const key = secretKey(opts.internalAuthSecret);
  const target = new URL(DCR_REGISTRATION_PATH, opts.accountsUrl);
  app.post(DCR_REGISTRATION_PATH, opts.guard, async (req, res) => {
    const auth: AuthContext = authOf(res);
    const context = mintContextSync(auth, {
      audience: 'accounts',
      key,
      ttlSeconds: opts.contextTtlSeconds,
      body: DCR_REGISTRATION_BINDING,
    });
    try {
      const answer = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [INTERNAL_AUTH_HEADER]: context,
          [REQUEST_ID_HEADER]: auth.requestId,
        },
        body: JSON.stringify(req.body ?? null),
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      res.status(answer.status);
      for (const name of RELAYED) {
        const value = answer.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch (err) {
      opts.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'client registration: accounts subgraph unreachable',
      );
      res.status(503).setHeader('Cache-Control', 'no-store').json({
        error: 'temporarily_unavailable',
        error_description: 'the registration service is unavailable',
      });
    }
  });
}
