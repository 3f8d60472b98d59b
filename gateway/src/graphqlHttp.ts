import { parse as parseUrl } from 'node:url';
import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GatewayRequestContext } from './subgraphClient';

/** Express's request as Apollo Server's: every header, the query string, the parsed body. */
export function toHttpRequest(req: Request): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    method: req.method.toUpperCase(),
    headers,
    search: parseUrl(req.url).search ?? '',
    body: req.body,
  };
}

/**
 * The /graphql route: what @as-integrations/express5's expressMiddleware does, except that a
 * complete answer to a POST is written with res.end. express's res.send would hash the whole body
 * (about 60 µs for an 87 KB answer) for an ETag that no client can use on a POST: conditional
 * requests and 304s are for GET and HEAD only, and those still go through res.send.
 */
export function graphqlHandler(
  apollo: ApolloServer<GatewayRequestContext>,
  contextOf: (res: Response) => GatewayRequestContext,
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!('body' in req)) {
      res
        .status(500)
        .send(
          '`req.body` is not set; this probably means you forgot to set up the `json` middleware before the Apollo Server middleware.',
        );
      return;
    }
    try {
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: toHttpRequest(req),
        context: async () => contextOf(res),
      });
      for (const [key, value] of result.headers) res.setHeader(key, value);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        const body = result.body.string;
        if (req.method !== 'POST') {
          res.send(body);
          return;
        }
        res.setHeader('content-length', Buffer.byteLength(body));
        res.end(body);
        return;
      }
      for await (const chunk of result.body.asyncIterator) {
        res.write(chunk);
        const flush = (res as { flush?: () => void }).flush;
        if (typeof flush === 'function') flush.call(res);
      }
      res.end();
    } catch (err) {
      next(err);
    }
  };
}
