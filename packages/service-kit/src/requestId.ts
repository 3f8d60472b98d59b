import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

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

/** Express middleware: settles the id, echoes it, normalises the inbound header to it. */
export function requestIdMiddleware() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = acceptRequestId(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    res.locals.requestId = id;
    scope.run({ requestId: id }, next);
  };
}
