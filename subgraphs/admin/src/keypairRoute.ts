import {
  INTERNAL_KEYPAIR_ROUTE,
  type KeypairRecord,
  type KeypairRouteResponse,
  keypairLookupBinding,
  mountInternalRoute,
} from '@fedmgmt/service-kit';
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Repositories } from './data/repositories';
import { isUserActive } from './rules';

/** The route's contract, shared with the gateway (service-kit's keypairRoute.ts). */
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
  const accessKeyOf = (req: Request) => String(req.params.accessKey ?? '');
  mountInternalRoute(
    app,
    {
      method: 'get',
      path: INTERNAL_KEYPAIR_ROUTE,
      audience: opts.audience,
      internalAuthSecret: opts.internalAuthSecret,
      logger: opts.logger,
      binding: (req) => keypairLookupBinding(accessKeyOf(req)),
      allow: (ctx) => ctx.kind === 'service',
      refuse: (res) =>
        void res
          .status(401)
          .json({ error: 'unauthorized', message: 'requests must come through the gateway' }),
      refusedMessage: 'refused keypair lookup',
    },
    async (req: Request, res: KeypairResponse) => {
      const accessKey = accessKeyOf(req);
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
    },
  );
}
