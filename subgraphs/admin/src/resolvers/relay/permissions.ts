import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import {
  type DomainScope,
  type GroupScope,
  is,
  nothing,
  oneOf,
  type Restriction,
  type UserScope,
} from '../../data/connections/scope';
import { isDomainReader, requireUser } from '../../rules';

const badInput = (message: string, argument: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });

type Reach = 'all' | 'domain' | 'member' | 'none';

/**
 * Relay `permission` arguments mapped onto our roles (the legacy rules, read-only for monitors):
 * who holds the permission on which groups or domains.
 */
const GROUP_PERMISSIONS: Record<string, Record<string, Reach>> = {
  read_attribute: { superadmin: 'all', admin: 'domain', monitor: 'domain', user: 'member' },
  read_sensitive_attribute: { superadmin: 'all', admin: 'domain', monitor: 'domain', user: 'none' },
  update_attribute: { superadmin: 'all', admin: 'domain', monitor: 'none', user: 'none' },
  delete_project: { superadmin: 'all', admin: 'domain', monitor: 'none', user: 'none' },
  associate_with_user: { superadmin: 'all', admin: 'domain', monitor: 'none', user: 'none' },
};

const DOMAIN_PERMISSIONS: Record<string, Record<string, Reach>> = {
  read_attribute: { superadmin: 'all', admin: 'domain', monitor: 'domain', user: 'domain' },
  read_sensitive_attribute: { superadmin: 'all', admin: 'domain', monitor: 'domain', user: 'none' },
  update_attribute: { superadmin: 'all', admin: 'none', monitor: 'none', user: 'none' },
  create_user: { superadmin: 'all', admin: 'none', monitor: 'none', user: 'none' },
  create_project: { superadmin: 'all', admin: 'domain', monitor: 'none', user: 'none' },
};

function reach(
  table: Record<string, Record<string, Reach>>,
  permission: string | null | undefined,
  role: string,
): Reach {
  const p = permission ?? 'read_attribute';
  const row = Object.hasOwn(table, p) ? table[p] : undefined;
  if (!row)
    throw badInput(
      `permission must be one of ${Object.keys(table).join(', ')}, got "${p}"`,
      'permission',
    );
  return row[role] ?? 'none';
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function memberGroupIds(ctx: AdminContext, userId: string): Promise<string[]> {
  return (await ctx.loaders.membershipsByUser.load(userId)).map((m) => m.group_id);
}

/** ScopeField: `system` (default), `domain:<name>`, `project:<uuid>` or `user:<uuid>`; narrows only. */
async function groupScopeNarrowing(
  ctx: AdminContext,
  scope: string | null | undefined,
): Promise<GroupScope> {
  if (!scope || scope === 'system') return [];
  const sep = scope.indexOf(':');
  const [kind, value] = sep > 0 ? [scope.slice(0, sep), scope.slice(sep + 1)] : [scope, ''];
  if (kind === 'domain' && value) return [is('domain', value)];
  if (kind === 'project' && UUID_RE.test(value)) return [is('id', value.toLowerCase())];
  if (kind === 'user' && UUID_RE.test(value))
    return [oneOf('id', await memberGroupIds(ctx, value.toLowerCase()))];
  throw badInput(
    `scope must be "system", "domain:<name>", "project:<uuid>" or "user:<uuid>", got "${scope}"`,
    'scope',
  );
}

/** The groups the caller may list with `permission`, within `scope`. */
export async function groupVisibility(
  ctx: AdminContext,
  permission?: string | null,
  scope?: string | null,
): Promise<GroupScope> {
  const me = requireUser(ctx.auth);
  const r = reach(GROUP_PERMISSIONS, permission, me.role);
  const parts: Restriction<'id' | 'domain'>[] = [];
  if (r === 'none') parts.push(nothing);
  if (r === 'domain') parts.push(is('domain', me.domain));
  if (r === 'member') parts.push(oneOf('id', await memberGroupIds(ctx, me.uuid)));
  return [...parts, ...(await groupScopeNarrowing(ctx, scope))];
}

/** Whether the caller may see one group (group_node, projectV2): legacy `group` rules. */
export async function canSeeGroup(
  ctx: AdminContext,
  group: { _id: string; domain_name: string },
): Promise<boolean> {
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return true;
  if (isDomainReader(me)) return group.domain_name === me.domain;
  return (await memberGroupIds(ctx, me.uuid)).includes(group._id);
}

/** The domains the caller may list with `permission`. */
export function domainVisibility(ctx: AdminContext, permission?: string | null): DomainScope {
  const me = requireUser(ctx.auth);
  const r = reach(DOMAIN_PERMISSIONS, permission, me.role);
  if (r === 'all') return [];
  if (r === 'domain') return [is('name', me.domain)];
  return [nothing];
}

/** Users visible inside nested connections: superadmin all, admin/monitor their domain, a user itself. */
export function nestedUserVisibility(ctx: AdminContext): UserScope {
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return [];
  if (isDomainReader(me)) return [is('domain', me.domain)];
  return [is('id', me.uuid)];
}
