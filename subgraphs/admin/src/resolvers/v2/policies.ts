import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type {
  KeypairResourcePolicyV2Resolvers,
  ProjectResourcePolicyV2Resolvers,
  QueryResolvers,
  UserResourcePolicyV2Resolvers,
} from '../../generated/resolvers';
import { POLICY_KINDS as KINDS, type PolicyKind } from '../../data/connections/policies';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin, requireUser, SUPERADMIN_REQUIRED } from '../../rules';
import { callerAccessKey } from '../caller';
import { textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { V2ListArgs } from './args';
import type { FilterRules } from './filters';
import { vfolderHosts } from './projects';
import { timeOrNull } from '../stored';
import { binarySize, limitEntries } from './slots';

/** The policy kinds' collections, rules and orders (data/connections/policies.ts), for the listing-index test. */
export const POLICY_KINDS = Object.fromEntries(
  Object.entries(KINDS).map(([kind, k]) => [
    kind,
    {
      collection: k.collection,
      order: k.order,
      rules: (_ctx?: AdminContext): FilterRules => k.rules,
    },
  ]),
);

async function single(ctx: AdminContext, kind: PolicyKind, name: string) {
  requireSuperadmin(ctx.auth);
  const doc = await ctx.connections.policies.byName(kind, name);
  if (!doc)
    throw new GraphQLError('Resource policy not found.', { extensions: { code: 'NOT_FOUND' } });
  return doc;
}

async function list(ctx: AdminContext, kind: PolicyKind, field: string, args: V2ListArgs) {
  requireSuperadmin(ctx.auth);
  return ctx.connections.policies.pageV2(kind, field, args, windowOf(ctx, args));
}

export const v2PolicyQueries: QueryResolvers = {
  adminKeypairResourcePolicyV2: (_, args, ctx) => single(ctx, 'keypair', args.name),
  adminKeypairResourcePoliciesV2: (_, args, ctx) =>
    list(ctx, 'keypair', 'adminKeypairResourcePoliciesV2', args),
  adminUserResourcePolicyV2: (_, args, ctx) => single(ctx, 'user', args.name),
  adminUserResourcePoliciesV2: (_, args, ctx) =>
    list(ctx, 'user', 'adminUserResourcePoliciesV2', args),
  adminProjectResourcePolicyV2: (_, args, ctx) => single(ctx, 'project', args.name),
  adminProjectResourcePoliciesV2: (_, args, ctx) =>
    list(ctx, 'project', 'adminProjectResourcePoliciesV2', args),
  async myKeypairResourcePolicyV2(_, __, ctx) {
    const ak = await callerAccessKey(ctx);
    const kp = ak ? await ctx.loaders.keypairByAccessKey.load(ak) : null;
    return kp ? ctx.connections.policies.byName('keypair', kp.resource_policy) : null;
  },
  async myUserResourcePolicyV2(_, __, ctx) {
    const me = requireUser(ctx.auth);
    const u = await ctx.loaders.userById.load(me.uuid);
    return u ? ctx.connections.policies.byName('user', u.resource_policy ?? 'default') : null;
  },
};

const num = (v: unknown, fallback = 0) => (typeof v === 'number' ? v : fallback);
const gidOf = (type: string) => (p: RecordDoc) => toGlobalId(type, p._id);

export const KeypairResourcePolicyV2: KeypairResourcePolicyV2Resolvers = {
  id: gidOf('KeypairResourcePolicyV2'),
  createdAt: (p) => timeOrNull(p.created_at),
  defaultForUnspecified: (p) => textOf(p.default_for_unspecified, 'LIMITED'),
  totalResourceSlots: (p) => limitEntries(p.total_resource_slots) ?? [],
  maxSessionLifetime: (p) => num(p.max_session_lifetime),
  maxConcurrentSessions: (p) => num(p.max_concurrent_sessions),
  maxPendingSessionCount: (p) =>
    typeof p.max_pending_session_count === 'number' ? p.max_pending_session_count : null,
  maxPriority: () => null,
  maxPendingSessionResourceSlots: (p) => limitEntries(p.max_pending_session_resource_slots),
  maxConcurrentSftpSessions: (p) => num(p.max_concurrent_sftp_sessions, 1),
  maxContainersPerSession: (p) => num(p.max_containers_per_session, 1),
  idleTimeout: (p) => num(p.idle_timeout),
  allowedVfolderHosts: (p) => vfolderHosts(p.allowed_vfolder_hosts),
  /** Superadmin only, as upstream: the policy itself is readable by its holder, its keypairs are not. */
  async keypairs(p, args, ctx) {
    if (requireUser(ctx.auth).role !== 'superadmin')
      throw new GraphQLError(SUPERADMIN_REQUIRED, { extensions: { code: 'FORBIDDEN' } });
    return ctx.connections.keypairs.ofPolicyV2(p._id, args, windowOf(ctx, args));
  },
};

export const UserResourcePolicyV2: UserResourcePolicyV2Resolvers = {
  id: gidOf('UserResourcePolicyV2'),
  createdAt: (p) => timeOrNull(p.created_at),
  maxVfolderCount: (p) => num(p.max_vfolder_count),
  maxConcurrentLogins: () => null,
  maxQuotaScopeSize: (p) => binarySize(p.max_quota_scope_size),
  maxSessionCountPerModelSession: (p) => num(p.max_session_count_per_model_session),
  maxCustomizedImageCount: (p) => num(p.max_customized_image_count),
};

export const ProjectResourcePolicyV2: ProjectResourcePolicyV2Resolvers = {
  id: gidOf('ProjectResourcePolicyV2'),
  createdAt: (p) => timeOrNull(p.created_at),
  maxVfolderCount: (p) => num(p.max_vfolder_count),
  maxQuotaScopeSize: (p) => binarySize(p.max_quota_scope_size),
  maxNetworkCount: () => -1,
};
