import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type {
  QueryResolvers,
  UserRoleV2,
  UserStatusV2,
  UserV2Resolvers,
} from '../../generated/resolvers';
import { USER_V2_ORDER, USER_V2_RULES } from '../../data/connections/users';
import type { Role, UserStatus } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { FilterRules } from './filters';

/** Stored status and role -> their V2 enum values (every stored value has one). */
const STATUS_V2: Record<UserStatus, UserStatusV2> = {
  active: 'ACTIVE',
  inactive: 'INACTIVE',
  deleted: 'DELETED',
  'before-verification': 'BEFORE_VERIFICATION',
};
const ROLE_V2: Record<Role, UserRoleV2> = {
  superadmin: 'SUPERADMIN',
  admin: 'ADMIN',
  user: 'USER',
  monitor: 'MONITOR',
};

/** UserV2Filter's rules and order (data/connections/users.ts), named here for the listing-index test. */
export { USER_V2_ORDER };
export const userV2Rules = (_ctx?: AdminContext): FilterRules => USER_V2_RULES;

export const v2UserQueries: QueryResolvers = {
  async adminUserV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    const doc = await ctx.loaders.userById.load(args.userId.toLowerCase());
    if (!doc) throw new GraphQLError('User not found.', { extensions: { code: 'NOT_FOUND' } });
    return doc;
  },
  adminUsersV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.users.pageV2(args, windowOf(ctx, args));
  },
  async myUserV2(_, __, ctx) {
    const me = requireUser(ctx.auth);
    return ctx.loaders.userById.load(me.uuid);
  },
};

/** Strawberry UserV2 over a stored user: grouped sections, no secret-bearing field. */
export const UserV2: UserV2Resolvers = {
  id: (u) => toGlobalId('UserV2', u._id),
  basicInfo: (u) => ({
    username: u.username,
    email: u.email,
    fullName: u.full_name ?? null,
    description: u.description ?? '',
    integrationName: null,
  }),
  status: (u) => ({
    status: STATUS_V2[u.status ?? (u.is_active ? 'active' : 'inactive')],
    statusInfo: u.status_info ?? null,
    needPasswordChange: u.need_password_change ?? false,
  }),
  organization: (u) => ({
    domainName: u.domain_name,
    role: ROLE_V2[u.role],
    resourcePolicy: u.resource_policy ?? 'default',
    mainAccessKey: u.main_access_key ?? null,
  }),
  security: (u) => ({
    allowedClientIp: u.allowed_client_ip ?? null,
    totpActivated: u.totp_activated ?? false,
    totpActivatedAt: u.totp_activated_at ?? null,
    sudoSessionEnabled: u.sudo_session_enabled ?? false,
  }),
  container: () => ({ containerUid: null, containerMainGid: null, containerGids: null }),
  timestamps: (u) => ({ createdAt: u.created_at, modifiedAt: u.modified_at }),
  domain: (u, _, ctx) => ctx.loaders.domainByName.load(u.domain_name),
};
