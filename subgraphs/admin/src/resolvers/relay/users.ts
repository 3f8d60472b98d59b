import type { AdminContext } from '../../context';
import { is, type UserScope } from '../../data/connections/scope';
import type { UserDoc } from '../../data/documents';
import type { QueryResolvers, UserNodeResolvers, ViewerResolvers } from '../../generated/resolvers';
import { canSeeUser, insufficientPrivilege, requireUser } from '../../rules';
import { windowOf } from './connection';
import { userDefaults } from '../userDefaults';
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

/** What `viewer` answers: the caller's stored user (null if none), its uuid and its role. */
export interface ViewerRecord {
  user: UserDoc | null;
  user_id: string;
  role: string;
}

export const relayUserQueries: QueryResolvers = {
  async viewer(_, __, ctx): Promise<ViewerRecord> {
    const me = requireUser(ctx.auth);
    const user = await ctx.loaders.userById.load(me.uuid);
    return { user, user_id: user?._id ?? me.uuid, role: user?.role ?? me.role };
  },
  async user_node(_, args, ctx) {
    requireUser(ctx.auth);
    const uuid = localUuid(args.id, 'UserNode');
    const doc = uuid ? await ctx.loaders.userById.load(uuid) : null;
    return doc && canSeeUser(ctx.auth, doc) ? doc : null;
  },
  user_nodes(_, args, ctx) {
    return ctx.connections.users.page(userListScope(ctx), args, windowOf(ctx, args));
  },
};

export const Viewer: ViewerResolvers = {
  encoded_user_role: (v) => Buffer.from(v.role, 'utf8').toString('base64'),
};

/** graphene UserNode over a stored user. No secret-bearing field exists on it. */
export const UserNode: UserNodeResolvers = {
  id: (u) => toGlobalId('UserNode', u._id),
  ...userDefaults,
  container_uid: () => null,
  container_main_gid: () => null,
  container_gids: () => null,
};

export const relayUserTypes = { Viewer, UserNode };
