import type { Request } from 'express';

/**
 * The path pattern of the route Express matched (`/internal/keypairs/:accessKey`), or undefined when
 * none matched. @types/express types `req.route` as `any`; at run time it is the matched Route or absent.
 */
export function matchedRoutePath(req: Request): string | undefined {
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? route.path : undefined;
}
