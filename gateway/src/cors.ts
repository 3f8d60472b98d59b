import type { Express, NextFunction, Request, Response } from 'express';
import type { CorsConfig } from './config';

/**
 * Request headers a browser console may send: Backend.AI's signing headers (the web UI's JS
 * client also sets User-Agent and, with a login session, X-BackendAI-SessionID), bearer
 * tokens, and the headers Apollo's CSRF prevention accepts as proof of a preflighted request.
 */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-BackendAI-Date',
  'X-BackendAI-Version',
  'X-BackendAI-Domain',
  'X-BackendAI-SessionID',
  'X-Request-ID',
  'User-Agent',
  'Apollo-Require-Preflight',
  'X-Apollo-Operation-Name',
];
const EXPOSED_HEADERS = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Window',
  'X-Request-ID',
];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `https://Host:port` -> `https://host:port`; undefined for anything that is not exactly an http(s) origin. */
export function exactOrigin(entry: string): string | undefined {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return undefined;
  }
  const clean =
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    !url.hostname.includes('*') &&
    `${url.origin}/` === url.href.replace(/\/?$/, '/');
  return clean ? url.origin : undefined;
}

export function originAllowed(cors: CorsConfig, origin: string): boolean {
  if (cors.origins.includes(origin)) return true;
  if (!cors.loopback) return false;
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      LOOPBACK_HOSTS.has(url.hostname) &&
      url.origin === origin
    );
  } catch {
    return false;
  }
}

/**
 * CORS by allow-list. An allowed origin gets Access-Control-Allow-Origin (never `*`, never
 * credentials: callers authenticate with headers, not cookies); any other origin gets no CORS
 * header, so the browser keeps the response from the page. Preflights end here with 204 and
 * never reach authentication. This does not replace CSRF prevention: Apollo still refuses
 * requests that a browser could send cross-site without a preflight.
 */
export function corsMiddleware(cors: CorsConfig) {
  const allowHeaders = CORS_ALLOWED_HEADERS.join(', ');
  const exposeHeaders = EXPOSED_HEADERS.join(', ');
  return (req: Request, res: Response, next: NextFunction): void => {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (typeof origin !== 'string') return next();
    const allowed = originAllowed(cors, origin);
    if (allowed) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Expose-Headers', exposeHeaders);
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined)
      return next();
    if (allowed) {
      res.set('Access-Control-Allow-Methods', 'GET, POST');
      res.set('Access-Control-Allow-Headers', allowHeaders);
      res.set('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}

export function mountCors(app: Express, cors: CorsConfig): void {
  app.use(corsMiddleware(cors));
}
