import type { AdminContext } from '../../context';
import { is, type UserScope } from '../../data/connections/scope';
import type { UserDoc } from '../../data/documents';
import { canSeeUser, insufficientPrivilege, requireUser } from '../../rules';
import { type ConnectionArgs, windowOf } from './connection';
import { fromGlobalId, toGlobalId } from './globalId';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A global ID of `type`, or (as graphene's resolve_global_id allows) a raw UUID. */
export function localUuid(id: string, type: string): string | undefined {
  const local = fromGlobalId(id, type) ?? id;
  return UUID_RE.test(local) ? local.toLowerCase() : undefined;
}

/** user_list's scope: superadmin every user, admin and monitor their domain, plain users refused. */
export function userListScope(ctx: AdminContext): UserScope {
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return [];
  if (me.role === 'user') throw insufficientPrivilege();
  return [is('domain', me.domain)];
}

type ListArgs = ConnectionArgs & { filter?: string | null; order?: string | null };

export const relayUserQueries = {
  async viewer(_: unknown, __: unknown, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    const user = await ctx.loaders.userById.load(me.uuid);
    return { user, user_id: user?._id ?? me.uuid, role: user?.role ?? me.role };
  },
  async user_node(_: unknown, args: { id: string }, ctx: AdminContext) {
    requireUser(ctx.auth);
    const uuid = localUuid(args.id, 'UserNode');
    const doc = uuid ? await ctx.loaders.userById.load(uuid) : null;
    return doc && canSeeUser(ctx.auth, doc) ? doc : null;
  },
  user_nodes(_: unknown, args: ListArgs, ctx: AdminContext) {
    return ctx.connections.users.page(userListScope(ctx), args, windowOf(ctx, args));
  },
};

export const Viewer = {
  encoded_user_role: (v: { role: string }) => Buffer.from(v.role, 'utf8').toString('base64'),
};

/** graphene UserNode over a stored user. No secret-bearing field exists on it. */
export const UserNode = {
  id: (u: UserDoc) => toGlobalId('UserNode', u._id),
  description: (u: UserDoc) => u.description ?? '',
  need_password_change: (u: UserDoc) => u.need_password_change ?? false,
  status: (u: UserDoc) => u.status ?? (u.is_active ? 'active' : 'inactive'),
  resource_policy: (u: UserDoc) => u.resource_policy ?? 'default',
  totp_activated: (u: UserDoc) => u.totp_activated ?? false,
  sudo_session_enabled: (u: UserDoc) => u.sudo_session_enabled ?? false,
  container_uid: () => null,
  container_main_gid: () => null,
  container_gids: () => null,
};

export const relayUserTypes = { Viewer, UserNode };
