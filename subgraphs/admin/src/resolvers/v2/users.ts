import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import { USER_V2_ORDER, USER_V2_RULES } from '../../data/connections/users';
import type { UserDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { V2ListArgs } from './args';
import type { FilterRules } from './filters';

const upper = (v: string) => v.toUpperCase().replace(/-/g, '_');

/** UserV2Filter's rules and order (data/connections/users.ts), named here for the listing-index test. */
export { USER_V2_ORDER };
export const userV2Rules = (_ctx?: AdminContext): FilterRules => USER_V2_RULES;

export const v2UserQueries = {
  async adminUserV2(_: unknown, args: { userId: string }, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const doc = await ctx.loaders.userById.load(args.userId.toLowerCase());
    if (!doc) throw new GraphQLError('User not found.', { extensions: { code: 'NOT_FOUND' } });
    return doc;
  },
  adminUsersV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.users.pageV2(args, windowOf(ctx, args));
  },
  async myUserV2(_: unknown, __: unknown, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    return ctx.loaders.userById.load(me.uuid);
  },
};

/** Strawberry UserV2 over a stored user: grouped sections, no secret-bearing field. */
export const UserV2 = {
  id: (u: UserDoc) => toGlobalId('UserV2', u._id),
  basicInfo: (u: UserDoc) => ({
    username: u.username,
    email: u.email,
    fullName: u.full_name ?? null,
    description: u.description ?? '',
    integrationName: null,
  }),
  status: (u: UserDoc) => ({
    status: upper(u.status ?? (u.is_active ? 'active' : 'inactive')),
    statusInfo: u.status_info ?? null,
    needPasswordChange: u.need_password_change ?? false,
  }),
  organization: (u: UserDoc) => ({
    domainName: u.domain_name,
    role: upper(u.role),
    resourcePolicy: u.resource_policy ?? 'default',
    mainAccessKey: u.main_access_key ?? null,
  }),
  security: (u: UserDoc) => ({
    allowedClientIp: u.allowed_client_ip ?? null,
    totpActivated: u.totp_activated ?? false,
    totpActivatedAt: u.totp_activated_at ?? null,
    sudoSessionEnabled: u.sudo_session_enabled ?? false,
  }),
  container: () => ({ containerUid: null, containerMainGid: null, containerGids: null }),
  timestamps: (u: UserDoc) => ({ createdAt: u.created_at, modifiedAt: u.modified_at }),
  domain: (u: UserDoc, _: unknown, ctx: AdminContext) =>
    ctx.loaders.domainByName.load(u.domain_name),
};
