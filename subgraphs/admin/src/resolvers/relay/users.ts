import type { Document } from 'mongodb';
import type { AdminContext } from '../../context';
import type { UserDoc } from '../../data/documents';
import { USER_FIELDS } from '../../minilang/fields';
import { canSeeUser, insufficientPrivilege, requireUser } from '../../rules';
import { and, compileList } from '../helpers';
import { type ConnectionArgs, connection } from './connection';
import { fromGlobalId, toGlobalId } from './globalId';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A global ID of `type`, or (as graphene's resolve_global_id allows) a raw UUID. */
export function localUuid(id: string, type: string): string | undefined {
  const local = fromGlobalId(id, type) ?? id;
  return UUID_RE.test(local) ? local.toLowerCase() : undefined;
}

/** user_list's scope: superadmin every user, admin and monitor their domain, plain users refused. */
export function userListScope(ctx: AdminContext): Document | undefined {
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return undefined;
  if (me.role === 'user') throw insufficientPrivilege();
  return { domain_name: { $eq: me.domain } };
}

/** `filter`/`order` strings compiled with user_list's whitelist (every path indexed). */
export function miniLanguage(
  ctx: AdminContext,
  args: { filter?: string | null; order?: string | null },
  fields: typeof USER_FIELDS,
  fallback: string,
) {
  const list = compileList(
    ctx,
    { offset: 0, limit: 0, filter: args.filter, order: args.order },
    fields,
    fallback,
  );
  return { filter: list.filter, sort: list.sort ?? [] };
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
  async user_nodes(_: unknown, args: ListArgs, ctx: AdminContext) {
    const scope = userListScope(ctx);
    const { filter, sort } = miniLanguage(ctx, args, USER_FIELDS, '-created_at');
    return connection<UserDoc>(
      ctx,
      { field: 'user_nodes', collection: 'users', filter: and(scope, filter), sort },
      args,
    );
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
