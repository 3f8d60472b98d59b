import type { AuthContext } from '@fedmgmt/service-kit';
import type { DomainDoc } from './data/documents';
import { insufficientPrivilege, isDomainReader, requireOwnDomain, requireUser } from './rules';

/**
 * The listing scopes the rules grant, as plain values the repositories take (part of the rules:
 * who sees which rows). `undefined` means "not restricted".
 */

/** users / user_list: superadmin any domain, admin and monitor their own, plain users refused. */
export function userListScope(
  auth: AuthContext,
  askedDomain: string | null | undefined,
): { domain?: string } {
  const me = requireUser(auth);
  if (me.role === 'user') throw insufficientPrivilege();
  requireOwnDomain(me, askedDomain);
  const domain = me.role === 'superadmin' ? askedDomain : me.domain;
  return domain ? { domain } : {};
}

/** groups: SA any (or the asked domain), admins and monitors their domain, plain users their groups. */
export async function groupListScope(
  auth: AuthContext,
  askedDomain: string | null | undefined,
  ownGroupIds: () => Promise<string[]>,
): Promise<{ domain?: string; ids?: string[] }> {
  const me = requireUser(auth);
  requireOwnDomain(me, askedDomain);
  if (me.role === 'superadmin') return askedDomain ? { domain: askedDomain } : {};
  if (isDomainReader(me)) return { domain: me.domain };
  return { ids: await ownGroupIds() };
}

/** Images: a superadmin sees every registry; anyone else those its domain allows. */
export async function imageRegistries(
  auth: AuthContext,
  ownDomain: (name: string) => Promise<DomainDoc | null>,
): Promise<string[] | undefined> {
  const me = requireUser(auth);
  if (me.role === 'superadmin') return undefined;
  return (await ownDomain(me.domain))?.allowed_docker_registries ?? [];
}
