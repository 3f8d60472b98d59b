import { GraphQLError } from 'graphql';
import type { Document } from 'mongodb';
import type { AdminContext } from '../../context';
import type { UserDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { type ConnectionArgs, connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import {
  compileV2Filter,
  compileV2Order,
  type FilterRules,
  joinAnd,
  stringFilter,
} from './filters';

export const USER_STATUS_V2: Record<string, string> = {
  ACTIVE: 'active',
  INACTIVE: 'inactive',
  DELETED: 'deleted',
  BEFORE_VERIFICATION: 'before-verification',
};
export const USER_ROLE_V2: Record<string, string> = {
  USER: 'user',
  ADMIN: 'admin',
  SUPERADMIN: 'superadmin',
  MONITOR: 'monitor',
};
const upper = (v: string) => v.toUpperCase().replace(/-/g, '_');

export const USER_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  MODIFIED_AT: 'modified_at',
  USERNAME: 'username',
  EMAIL: 'email',
  STATUS: 'status',
  DOMAIN_NAME: 'domain_name',
};

/** UserV2Filter, per request: nested domain/project filters look their matches up first (one query each). */
export function userV2Rules(ctx: AdminContext): FilterRules {
  return {
    uuid: { kind: 'uuid', path: '_id' },
    username: { kind: 'string', path: 'username' },
    email: { kind: 'string', path: 'email' },
    fullName: { kind: 'string', path: 'full_name' },
    description: { kind: 'string', path: 'description' },
    status: { kind: 'enum', path: 'status', values: USER_STATUS_V2 },
    statusInfo: { kind: 'string', path: 'status_info' },
    domainName: { kind: 'string', path: 'domain_name' },
    resourcePolicy: { kind: 'string', path: 'resource_policy' },
    role: { kind: 'enum', path: 'role', values: USER_ROLE_V2 },
    needPasswordChange: { kind: 'bool', path: 'need_password_change' },
    totpActivated: { kind: 'bool', path: 'totp_activated' },
    sudoSessionEnabled: { kind: 'bool', path: 'sudo_session_enabled' },
    createdAt: { kind: 'datetime', path: 'created_at' },
    domain: {
      kind: 'nested',
      resolve: async (f) => {
        const cond = joinAnd([
          ...(f.name ? stringFilter('name', f.name as Record<string, unknown>) : []),
          ...(typeof f.isActive === 'boolean' ? [{ is_active: { $eq: f.isActive } }] : []),
        ]);
        const names = (await ctx.repos.domains.find(cond)).map((d) => d._id);
        return { domain_name: { $in: names } };
      },
    },
    project: {
      kind: 'nested',
      resolve: async (f) => {
        const cond = joinAnd([
          ...(f.name ? stringFilter('name', f.name as Record<string, unknown>) : []),
          ...(typeof f.isActive === 'boolean' ? [{ is_active: { $eq: f.isActive } }] : []),
        ]);
        const groups = (await ctx.repos.groups.find(cond)).map((g) => g._id);
        const members = await ctx.repos.members.find({ group_id: { $in: groups } });
        return { _id: { $in: [...new Set(members.map((m) => m.user_id))] } };
      },
    },
  };
}

type V2ListArgs = ConnectionArgs & {
  filter?: Record<string, unknown> | null;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[] | null;
};

/** A V2 user connection under `scope` (the caller's visibility), used by admin and nested fields. */
export async function userV2Connection(
  ctx: AdminContext,
  field: string,
  scope: Document | undefined,
  args: V2ListArgs,
) {
  const filter = await compileV2Filter(args.filter, userV2Rules(ctx));
  const sort = compileV2Order(args.orderBy, USER_V2_ORDER, [['created_at', -1]]);
  return connection<UserDoc>(
    ctx,
    {
      field,
      collection: 'users',
      filter: joinAnd(
        [scope, filter].filter((p): p is Document => !!p && Object.keys(p).length > 0),
      ),
      sort,
    },
    args,
  );
}

export const v2UserQueries = {
  async adminUserV2(_: unknown, args: { userId: string }, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const doc = await ctx.loaders.userById.load(args.userId.toLowerCase());
    if (!doc) throw new GraphQLError('User not found.', { extensions: { code: 'NOT_FOUND' } });
    return doc;
  },
  adminUsersV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return userV2Connection(ctx, 'adminUsersV2', undefined, args);
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
