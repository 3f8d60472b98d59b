import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Request ids end to end. The gateway accepts a client's `x-request-id` (if it is a plain token)
 * or makes one, returns it in the response header, and sends it to each subgraph in the same
 * header, beside (not inside) the signed internal context. Each service keeps it in an
 * AsyncLocalStorage for the request, so the logger's mixin stamps it on every line.
 */
export const REQUEST_ID_HEADER = 'x-request-id';
/** Letters, digits, '_' and '-', at most 64: safe in headers, logs and metrics tooling. */
const VALID = /^[\w-]{1,64}$/;

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

export function acceptRequestId(raw: unknown): string {
  return typeof raw === 'string' && VALID.test(raw) ? raw : randomUUID();
}

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

export function withRequestId<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId }, fn);
}

/**
 * Express middleware: settles the id, echoes it, normalises the inbound header to it, and (with
 * a logger) writes one debug access line per request: method, path without query, status, ms.
 */
export function requestIdMiddleware(logger?: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = acceptRequestId(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    res.locals.requestId = id;
    if (logger) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
        const path = (req.originalUrl ?? req.url).split('?')[0];
        scope.run({ requestId: id }, () =>
          logger.debug({ method: req.method, path, status: res.statusCode, ms }, 'request served'),
        );
      });
    }
    scope.run({ requestId: id }, next);
  };
}
