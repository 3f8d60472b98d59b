import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
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

function single(kind: PolicyKind) {
  return async (_: unknown, args: { name: string }, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    const doc = await ctx.connections.policies.byName(kind, args.name);
    if (!doc)
      throw new GraphQLError('Resource policy not found.', { extensions: { code: 'NOT_FOUND' } });
    return doc;
  };
}

function list(kind: PolicyKind, field: string) {
  return async (_: unknown, args: V2ListArgs, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return ctx.connections.policies.pageV2(kind, field, args, windowOf(ctx, args));
  };
}

export const v2PolicyQueries = {
  adminKeypairResourcePolicyV2: single('keypair'),
  adminKeypairResourcePoliciesV2: list('keypair', 'adminKeypairResourcePoliciesV2'),
  adminUserResourcePolicyV2: single('user'),
  adminUserResourcePoliciesV2: list('user', 'adminUserResourcePoliciesV2'),
  adminProjectResourcePolicyV2: single('project'),
  adminProjectResourcePoliciesV2: list('project', 'adminProjectResourcePoliciesV2'),
  async myKeypairResourcePolicyV2(_: unknown, __: unknown, ctx: AdminContext) {
    const ak = await callerAccessKey(ctx);
    const kp = ak ? await ctx.loaders.keypairByAccessKey.load(ak) : null;
    return kp ? ctx.connections.policies.byName('keypair', kp.resource_policy) : null;
  },
  async myUserResourcePolicyV2(_: unknown, __: unknown, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    const u = await ctx.loaders.userById.load(me.uuid);
    return u ? ctx.connections.policies.byName('user', u.resource_policy ?? 'default') : null;
  },
};

const num = (v: unknown, fallback = 0) => (typeof v === 'number' ? v : fallback);
const gidOf = (type: string) => (p: RecordDoc) => toGlobalId(type, p._id);

export const KeypairResourcePolicyV2 = {
  id: gidOf('KeypairResourcePolicyV2'),
  createdAt: (p: RecordDoc) => p.created_at,
  defaultForUnspecified: (p: RecordDoc) => textOf(p.default_for_unspecified, 'LIMITED'),
  totalResourceSlots: (p: RecordDoc) => limitEntries(p.total_resource_slots) ?? [],
  maxSessionLifetime: (p: RecordDoc) => num(p.max_session_lifetime),
  maxConcurrentSessions: (p: RecordDoc) => num(p.max_concurrent_sessions),
  maxPendingSessionCount: (p: RecordDoc) =>
    typeof p.max_pending_session_count === 'number' ? p.max_pending_session_count : null,
  maxPriority: () => null,
  maxPendingSessionResourceSlots: (p: RecordDoc) =>
    limitEntries(p.max_pending_session_resource_slots),
  maxConcurrentSftpSessions: (p: RecordDoc) => num(p.max_concurrent_sftp_sessions, 1),
  maxContainersPerSession: (p: RecordDoc) => num(p.max_containers_per_session, 1),
  idleTimeout: (p: RecordDoc) => num(p.idle_timeout),
  allowedVfolderHosts: (p: RecordDoc) => vfolderHosts(p.allowed_vfolder_hosts),
  /** Superadmin only, as upstream: the policy itself is readable by its holder, its keypairs are not. */
  async keypairs(p: RecordDoc, args: V2ListArgs, ctx: AdminContext) {
    if (requireUser(ctx.auth).role !== 'superadmin')
      throw new GraphQLError(SUPERADMIN_REQUIRED, { extensions: { code: 'FORBIDDEN' } });
    return ctx.connections.keypairs.ofPolicyV2(p._id, args, windowOf(ctx, args));
  },
};

export const UserResourcePolicyV2 = {
  id: gidOf('UserResourcePolicyV2'),
  createdAt: (p: RecordDoc) => p.created_at,
  maxVfolderCount: (p: RecordDoc) => num(p.max_vfolder_count),
  maxConcurrentLogins: () => null,
  maxQuotaScopeSize: (p: RecordDoc) => binarySize(p.max_quota_scope_size),
  maxSessionCountPerModelSession: (p: RecordDoc) => num(p.max_session_count_per_model_session),
  maxCustomizedImageCount: (p: RecordDoc) => num(p.max_customized_image_count),
};

export const ProjectResourcePolicyV2 = {
  id: gidOf('ProjectResourcePolicyV2'),
  createdAt: (p: RecordDoc) => p.created_at,
  maxVfolderCount: (p: RecordDoc) => num(p.max_vfolder_count),
  maxQuotaScopeSize: (p: RecordDoc) => binarySize(p.max_quota_scope_size),
  maxNetworkCount: () => -1,
};
