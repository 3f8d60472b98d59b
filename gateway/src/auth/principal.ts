import type { AuthContext } from '@fedmgmt/service-kit';
import type { AuthConfig } from '../config';
import type { KeypairRecord } from './keypairs';
import type { VerifiedToken } from './tokens';

/**
 * The one place where the two worlds meet. Every subgraph receives the same context shape;
 * what it may do there is decided here and in each subgraph's rules.
 *
 * Keypair (Backend.AI) callers:
 *   - admin subgraph: the keypair's user (uuid, email, role, domain) and access key, as in Backend.AI.
 *   - accounts subgraph: no scopes or groups, except a `superadmin`, who carries the configured
 *     accounts administrator groups (SUPERADMIN_ACCOUNTS_GROUPS, default `accounts-admin`)
 *     and scopes (SUPERADMIN_ACCOUNTS_SCOPES, default none).
 * Token (Curity-style) callers:
 *   - accounts subgraph: subject, scopes, groups and account id from the verified claims.
 *   - admin subgraph: nothing by default (no `user`). With TOKEN_ADMIN_MAPPING=email, the
 *     email claim is forwarded as a plain `user`-role principal with no uuid or domain, which
 *     can never be more than a regular user.
 */
export type MappingConfig = Pick<
  AuthConfig,
  'superadminGroups' | 'superadminScopes' | 'tokenAdminMapping'
>;

export function keypairContext(
  kp: KeypairRecord,
  requestId: string,
  mapping: MappingConfig,
): AuthContext {
  const superadmin = kp.user.role === 'superadmin';
  return {
    kind: 'keypair',
    requestId,
    subject: kp.access_key,
    user: {
      uuid: kp.user.uuid,
      email: kp.user.email,
      role: kp.user.role,
      domain: kp.user.domain,
      accessKey: kp.access_key,
    },
    scopes: superadmin ? [...mapping.superadminScopes] : [],
    groups: superadmin ? [...mapping.superadminGroups] : [],
  };
}

export function tokenContext(
  t: VerifiedToken,
  requestId: string,
  mapping: MappingConfig,
): AuthContext {
  return {
    kind: 'token',
    requestId,
    subject: t.subject,
    scopes: t.scopes,
    groups: t.groups,
    ...(t.accountId ? { accountId: t.accountId } : {}),
    ...(mapping.tokenAdminMapping === 'email' && t.email
      ? { user: { uuid: '', email: t.email, role: 'user' as const, domain: '' } }
      : {}),
  };
}
