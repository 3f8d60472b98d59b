import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import { PROJECT_V2_ORDER, PROJECT_V2_RULES } from '../../data/connections/groups';
import type { DomainDoc, GroupDoc, UserDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { decodeJson } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { canSeeGroup, groupVisibility, nestedUserVisibility } from '../relay/permissions';
import type { V2ListArgs } from './args';
import type { FilterRules } from './filters';

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

/** ProjectV2Filter's rules and order (data/connections/groups.ts), named here for the listing-index test. */
export { PROJECT_V2_ORDER };
export const projectV2Rules = (_ctx?: AdminContext): FilterRules => PROJECT_V2_RULES;

export const v2ProjectQueries = {
  async projectV2(_: unknown, args: { projectId: string }, ctx: AdminContext) {
    requireUser(ctx.auth);
    const group = await ctx.loaders.groupById.load(args.projectId.toLowerCase());
    if (!group || !(await canSeeGroup(ctx, group))) throw notFound();
    return group;
  },
  async adminProjectsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.groups.pageV2(args, windowOf(ctx, args));
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
    const visible = nestedUserVisibility(ctx);
    return ctx.connections.users.ofProjectV2(g._id, visible, args, windowOf(ctx, args));
  },
};

/** UserV2.projects, DomainV2.projects and DomainV2.users: batched over the page. */
export const nestedV2 = {
  async userProjects(u: UserDoc, args: V2ListArgs, ctx: AdminContext) {
    const visible = await groupVisibility(ctx);
    return ctx.connections.groups.ofUserV2(u._id, visible, args, windowOf(ctx, args));
  },
  async domainProjects(d: DomainDoc, args: V2ListArgs, ctx: AdminContext) {
    const visible = await groupVisibility(ctx);
    return ctx.connections.groups.ofDomainV2(d._id, visible, args, windowOf(ctx, args));
  },
  async domainUsers(d: DomainDoc, args: V2ListArgs, ctx: AdminContext) {
    const visible = nestedUserVisibility(ctx);
    return ctx.connections.users.ofDomainV2(d._id, visible, args, windowOf(ctx, args));
  },
};
