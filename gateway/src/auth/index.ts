import { randomUUID } from 'node:crypto';
import type { AuthContext } from '@fedmgmt/service-kit';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { GatewayConfig } from '../config';

export type Authenticator = (req: Request) => Promise<AuthContext>;

/**
 * Placeholder authenticator for the foundation: with GATEWAY_DEV_USER_EMAIL set (the dev
 * stack does), every caller acts as that superadmin; otherwise every request is refused.
 * Keypair (HMAC) and bearer-token authentication replace this.
 */
export function createAuthenticator(config: Pick<GatewayConfig, 'devUserEmail'>): Authenticator {
  return async (req) => {
    const requestId = typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id'])
      ? req.headers['x-request-id']
      : randomUUID();
    if (config.devUserEmail) {
      return {
        kind: 'keypair',
        requestId,
        subject: 'dev',
        user: { uuid: '00000000-0000-4000-8000-000000000000', email: config.devUserEmail, role: 'superadmin', domain: 'default' },
        scopes: [],
        groups: [],
      };
    }
    throw new GraphQLError('Authentication required', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  };
}
