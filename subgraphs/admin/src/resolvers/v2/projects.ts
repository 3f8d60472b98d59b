import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type {
  DomainV2Resolvers,
  ProjectTypeV2,
  ProjectV2Resolvers,
  QueryResolvers,
  UserV2Resolvers,
  VFolderHostPermissionEntry,
  VFolderHostPermissionV2,
} from '../../generated/resolvers';
import { PROJECT_V2_ORDER, PROJECT_V2_RULES } from '../../data/connections/groups';
import { requireSuperadmin, requireUser } from '../../rules';
import { decodeJson } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { canSeeGroup, groupVisibility, nestedUserVisibility } from '../relay/permissions';
import { entriesOf, enumValue, listOf, membersOf } from '../stored';
import type { FilterRules } from './filters';

const notFound = () =>
  new GraphQLError('Project not found.', { extensions: { code: 'NOT_FOUND' } });
const PERMISSIONS: readonly VFolderHostPermissionV2[] = [
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

export const v2ProjectQueries: QueryResolvers = {
  async projectV2(_, args, ctx) {
    requireUser(ctx.auth);
    const group = await ctx.loaders.groupById.load(args.projectId.toLowerCase());
    if (!group || !(await canSeeGroup(ctx, group))) throw notFound();
    return group;
  },
  async adminProjectsV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.groups.pageV2(args, windowOf(ctx, args));
  },
};

const PROJECT_TYPES: readonly ProjectTypeV2[] = ['GENERAL', 'MODEL_STORE'];

export function vfolderHosts(stored: unknown): VFolderHostPermissionEntry[] {
  const hosts = decodeJson(stored);
  if (!hosts || typeof hosts !== 'object' || Array.isArray(hosts)) return [];
  return entriesOf(hosts).map(([host, perms]) => ({
    host,
    permissions: membersOf(
      PERMISSIONS,
      listOf(perms).map((p) => String(p).toUpperCase().replace(/-/g, '_')),
    ),
  }));
}

export const ProjectV2: ProjectV2Resolvers = {
  id: (g) => toGlobalId('ProjectV2', g._id),
  basicInfo: (g) => ({
    name: g.name,
    description: g.description ?? null,
    type: enumValue('ProjectTypeV2', PROJECT_TYPES, g.type ?? 'GENERAL'),
    integrationName: g.integration_id ?? null,
  }),
  organization: (g) => ({
    domainName: g.domain_name,
    resourcePolicy: g.resource_policy ?? 'default',
  }),
  storage: (g) => ({ allowedVfolderHosts: vfolderHosts(g.allowed_vfolder_hosts) }),
  lifecycle: (g) => ({
    isActive: g.is_active,
    createdAt: g.created_at,
    modifiedAt: g.modified_at,
  }),
  domain: (g, _, ctx) => ctx.loaders.domainByName.load(g.domain_name),
  async users(g, args, ctx) {
    const visible = nestedUserVisibility(ctx);
    return ctx.connections.users.ofProjectV2(g._id, visible, args, windowOf(ctx, args));
  },
};

/** UserV2.projects, DomainV2.projects and DomainV2.users: batched over the page. */
export const nestedV2: {
  userProjects: UserV2Resolvers['projects'];
  domainProjects: DomainV2Resolvers['projects'];
  domainUsers: DomainV2Resolvers['users'];
} = {
  async userProjects(u, args, ctx) {
    const visible = await groupVisibility(ctx);
    return ctx.connections.groups.ofUserV2(u._id, visible, args, windowOf(ctx, args));
  },
  async domainProjects(d, args, ctx) {
    const visible = await groupVisibility(ctx);
    return ctx.connections.groups.ofDomainV2(d._id, visible, args, windowOf(ctx, args));
  },
  async domainUsers(d, args, ctx) {
    const visible = nestedUserVisibility(ctx);
    return ctx.connections.users.ofDomainV2(d._id, visible, args, windowOf(ctx, args));
  },
};
