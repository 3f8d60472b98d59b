import {
  ContextError,
  INTERNAL_AUTH_HEADER,
  INTERNAL_KEYPAIR_ROUTE,
  type KeypairRecord,
  type KeypairRouteParams,
  type KeypairRouteResponse,
  keypairLookupBinding,
  memoryReplayCache,
  secretKey,
  verifyContext,
} from '@fedmgmt/service-kit';
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Repositories } from './data/repositories';
import { isUserActive } from './rules';

/** The route's contract, shared with the gateway (service-kit's keypairRoute.ts). */
type KeypairRequest = Request<KeypairRouteParams>;
type KeypairResponse = Response<KeypairRouteResponse>;

export interface KeypairRouteOptions {
  audience: string;
  internalAuthSecret: string;
  repos: Repositories;
  logger: Logger;
}

/** The keypair record the gateway verifies signatures with; the secret is decrypted here only. */
export async function keypairRecord(
  repos: Repositories,
  accessKey: string,
): Promise<KeypairRecord | null> {
  const found = await repos.keypairs.withOwner(accessKey);
  if (!found) return null;
  const { keypair: kp, owner: user } = found;
  return {
    access_key: kp.access_key,
    secret_key: repos.keypairs.secretOf(kp),
    is_active: kp.is_active && isUserActive(user),
    is_admin: kp.is_admin,
    rate_limit: kp.rate_limit,
    allowed_client_ip:
      user.allowed_client_ip && user.allowed_client_ip.length > 0 ? user.allowed_client_ip : null,
    user: { uuid: user._id, email: user.email, role: user.role, domain: user.domain_name },
  };
}

/**
 * GET /internal/keypairs/:accessKey for the gateway only: authenticated exactly like GraphQL
 * (a gateway-minted context for this audience, bound to this lookup, never replayed) and
 * only for a service principal.
 */
export function mountKeypairRoute(app: Express, opts: KeypairRouteOptions): void {
  const key = secretKey(opts.internalAuthSecret);
  const replay = memoryReplayCache();
  const unauthorized = (res: KeypairResponse) =>
    res
      .status(401)
      .json({ error: 'unauthorized', message: 'requests must come through the gateway' });
  app.get(INTERNAL_KEYPAIR_ROUTE, async (req: KeypairRequest, res: KeypairResponse) => {
    const accessKey = String(req.params.accessKey ?? '');
    const token = req.headers[INTERNAL_AUTH_HEADER];
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192)
      return void unauthorized(res);
    try {
      const ctx = await verifyContext(token, {
        audience: opts.audience,
        key,
        replay,
        body: keypairLookupBinding(accessKey),
      });
      if (ctx.kind !== 'service') return void unauthorized(res);
    } catch (err) {
      opts.logger.warn(
        { reason: err instanceof ContextError ? err.reason : 'error' },
        'refused keypair lookup',
      );
      return void unauthorized(res);
    }
    try {
      const record = await keypairRecord(opts.repos, accessKey);
      if (!record) return void res.status(404).json({ error: 'not found' });
      res.set('cache-control', 'no-store').json(record);
    } catch (err) {
      opts.logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'keypair lookup failed',
      );
      res.status(503).json({ error: 'unavailable' });
    }
  });
}
