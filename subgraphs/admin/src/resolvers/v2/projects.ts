import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { DomainDoc, GroupDoc, UserDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { and, decodeJson } from '../helpers';
import { type ConnectionArgs, connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { groupedConnection, membershipConnection } from '../relay/nested';
import { canSeeGroup, groupVisibility, nestedUserVisibility } from '../relay/permissions';
import {
  compileV2Filter,
  compileV2Order,
  type FilterRules,
  joinAnd,
  stringFilter,
} from './filters';
import { USER_V2_ORDER, userV2Rules } from './users';

const notFound = () =>
  new GraphQLError('Project not found.', { extensions: { code: 'NOT_FOUND' } });
const PERMISSIONS = [
  'CREATE_VFOLDER',
  'MODIFY_VFOLDER',
  'DELETE_VFOLDER',
  'MOUNT_IN_SESSION',
  'UPLOAD_FILE',
  'DOWNLOAD_FILE',
  'INVITE_OTHERS',
  'SET_USER_PERM',
];
const TYPES: Record<string, string> = { GENERAL: 'GENERAL', MODEL_STORE: 'MODEL_STORE' };

const active = (f: Record<string, unknown>) =>
  typeof f.isActive === 'boolean' ? [{ is_active: { $eq: f.isActive } }] : [];
const strings = (f: Record<string, unknown>, map: Record<string, string>) =>
  Object.entries(map).flatMap(([k, path]) =>
    f[k] ? stringFilter(path, f[k] as Record<string, unknown>) : [],
  );

export function projectV2Rules(ctx: AdminContext): FilterRules {
  return {
    id: { kind: 'uuid', path: '_id' },
    name: { kind: 'string', path: 'name' },
    domainName: { kind: 'string', path: 'domain_name' },
    type: { kind: 'enum', path: 'type', values: TYPES },
    isActive: { kind: 'bool', path: 'is_active' },
    createdAt: { kind: 'datetime', path: 'created_at' },
    modifiedAt: { kind: 'datetime', path: 'modified_at' },
    domain: {
      kind: 'nested',
      resolve: async (f) => ({
        domain_name: {
          $in: (
            await ctx.repos.domains.find(joinAnd([...strings(f, { name: '_id' }), ...active(f)]))
          ).map((d) => d._id),
        },
      }),
    },
    user: {
      kind: 'nested',
      resolve: async (f) => {
        const ids = f.id ? await compileV2Filter({ uuid: f.id }, userV2Rules(ctx)) : {};
        const users = await ctx.repos.users.find(
          joinAnd(
            [ids, ...strings(f, { username: 'username', email: 'email' }), ...active(f)].filter(
              (p) => Object.keys(p).length > 0,
            ),
          ),
        );
        const members = await ctx.repos.members.find({ user_id: { $in: users.map((u) => u._id) } });
        return { _id: { $in: [...new Set(members.map((m) => m.group_id))] } };
      },
    },
  };
}

export const PROJECT_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  MODIFIED_AT: 'modified_at',
  NAME: 'name',
  IS_ACTIVE: 'is_active',
  TYPE: 'type',
  DOMAIN_NAME: 'domain_name',
};

type V2ListArgs = ConnectionArgs & {
  filter?: Record<string, unknown> | null;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[] | null;
};

async function projectQuery(ctx: AdminContext, args: V2ListArgs) {
  return {
    filter: await compileV2Filter(args.filter, projectV2Rules(ctx)),
    sort: compileV2Order(args.orderBy, PROJECT_V2_ORDER, [['created_at', -1]]),
  };
}

async function userQuery(ctx: AdminContext, args: V2ListArgs) {
  return {
    filter: and(...nestedUserVisibility(ctx), await compileV2Filter(args.filter, userV2Rules(ctx))),
    sort: compileV2Order(args.orderBy, USER_V2_ORDER, [['created_at', -1]]),
  };
}

export const v2ProjectQueries = {
  async projectV2(_: unknown, args: { projectId: string }, ctx: AdminContext) {
    requireUser(ctx.auth);
    const group = await ctx.loaders.groupById.load(args.projectId.toLowerCase());
    if (!group || !(await canSeeGroup(ctx, group))) throw notFound();
    return group;
  },
  async adminProjectsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const q = await projectQuery(ctx, args);
    return connection<GroupDoc>(
      ctx,
      { field: 'adminProjectsV2', collection: 'groups', ...q },
      args,
    );
  },
};

export function vfolderHosts(stored: unknown): { host: string; permissions: string[] }[] {
  const hosts = decodeJson(stored);
  if (!hosts || typeof hosts !== 'object' || Array.isArray(hosts)) return [];
  return Object.entries(hosts as Record<string, unknown>).map(([host, perms]) => ({
    host,
    permissions: (Array.isArray(perms) ? perms : [])
      .map((p) => String(p).toUpperCase().replace(/-/g, '_'))
      .filter((p) => PERMISSIONS.includes(p)),
  }));
}

export const ProjectV2 = {
  id: (g: GroupDoc) => toGlobalId('ProjectV2', g._id),
  basicInfo: (g: GroupDoc) => ({
    name: g.name,
    description: g.description ?? null,
    type: g.type ?? 'GENERAL',
    integrationName: g.integration_id ?? null,
  }),
  organization: (g: GroupDoc) => ({
    domainName: g.domain_name,
    resourcePolicy: g.resource_policy ?? 'default',
  }),
  storage: (g: GroupDoc) => ({ allowedVfolderHosts: vfolderHosts(g.allowed_vfolder_hosts) }),
  lifecycle: (g: GroupDoc) => ({
    isActive: g.is_active,
    createdAt: g.created_at,
    modifiedAt: g.modified_at,
  }),
  domain: (g: GroupDoc, _: unknown, ctx: AdminContext) =>
    ctx.loaders.domainByName.load(g.domain_name),
  async users(g: GroupDoc, args: V2ListArgs, ctx: AdminContext) {
    const side = {
      field: 'ProjectV2.users',
      parentKey: 'group_id',
      childKey: 'user_id',
      collection: 'users',
    } as const;
    return membershipConnection<UserDoc>(ctx, side, g._id, await userQuery(ctx, args), args);
  },
};

/** UserV2.projects, DomainV2.projects and DomainV2.users: batched over the page. */
export const nestedV2 = {
  async userProjects(u: UserDoc, args: V2ListArgs, ctx: AdminContext) {
    const q = await projectQuery(ctx, args);
    const side = {
      field: 'UserV2.projects',
      parentKey: 'user_id',
      childKey: 'group_id',
      collection: 'groups',
    } as const;
    return membershipConnection<GroupDoc>(
      ctx,
      side,
      u._id,
      { filter: and(...(await groupVisibility(ctx)), q.filter), sort: q.sort },
      args,
    );
  },
  async domainProjects(d: DomainDoc, args: V2ListArgs, ctx: AdminContext) {
    const q = await projectQuery(ctx, args);
    const side = {
      field: 'DomainV2.projects',
      collection: 'groups',
      parentPath: 'domain_name',
    } as const;
    return groupedConnection(
      ctx,
      side,
      d._id,
      { filter: and(...(await groupVisibility(ctx)), q.filter), sort: q.sort },
      args,
    );
  },
  async domainUsers(d: DomainDoc, args: V2ListArgs, ctx: AdminContext) {
    const side = {
      field: 'DomainV2.users',
      collection: 'users',
      parentPath: 'domain_name',
    } as const;
    return groupedConnection(ctx, side, d._id, await userQuery(ctx, args), args);
  },
};
