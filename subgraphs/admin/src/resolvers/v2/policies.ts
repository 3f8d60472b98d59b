import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { KeyPairDoc, RecordDoc } from '../../data/documents';
import { requireSuperadmin, requireUser, SUPERADMIN_REQUIRED } from '../../rules';
import { callerAccessKey } from '../caller';
import { and, textOf } from '../helpers';
import { connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { groupedConnection } from '../relay/nested';
import { compileV2Filter, compileV2Order, type FilterRules } from './filters';
import { keypairQuery, type V2ListArgs } from './keypairs';
import { vfolderHosts } from './projects';
import { binarySize, limitEntries } from './slots';

const int = (path: string) => ({ kind: 'int' as const, path });
const base: FilterRules = {
  name: { kind: 'string', path: '_id' },
  createdAt: { kind: 'datetime', path: 'created_at' },
};

export const POLICY_KINDS = {
  keypair: {
    collection: 'keypair_resource_policies',
    type: 'KeypairResourcePolicyV2',
    rules: (ctx: AdminContext): FilterRules => ({
      ...base,
      maxSessionLifetime: int('max_session_lifetime'),
      maxConcurrentSessions: int('max_concurrent_sessions'),
      maxContainersPerSession: int('max_containers_per_session'),
      idleTimeout: int('idle_timeout'),
      maxConcurrentSftpSessions: int('max_concurrent_sftp_sessions'),
      maxPendingSessionCount: int('max_pending_session_count'),
      keypair: {
        kind: 'nested',
        resolve: async (f) => {
          const cond = await compileV2Filter(f.userId ? { userId: f.userId } : {}, {
            userId: { kind: 'uuid', path: 'user' },
          });
          return {
            _id: {
              $in: [
                ...new Set((await ctx.repos.keypairs.find(cond)).map((k) => k.resource_policy)),
              ],
            },
          };
        },
      },
    }),
    order: {
      NAME: '_id',
      CREATED_AT: 'created_at',
      MAX_SESSION_LIFETIME: 'max_session_lifetime',
      MAX_CONCURRENT_SESSIONS: 'max_concurrent_sessions',
      MAX_CONTAINERS_PER_SESSION: 'max_containers_per_session',
      IDLE_TIMEOUT: 'idle_timeout',
      MAX_CONCURRENT_SFTP_SESSIONS: 'max_concurrent_sftp_sessions',
      MAX_PENDING_SESSION_COUNT: 'max_pending_session_count',
    } as Record<string, string>,
  },
  user: {
    collection: 'user_resource_policies',
    type: 'UserResourcePolicyV2',
    rules: (): FilterRules => ({
      ...base,
      maxVfolderCount: int('max_vfolder_count'),
      maxQuotaScopeSize: int('max_quota_scope_size'),
      maxSessionCountPerModelSession: int('max_session_count_per_model_session'),
      maxCustomizedImageCount: int('max_customized_image_count'),
    }),
    order: {
      NAME: '_id',
      CREATED_AT: 'created_at',
      MAX_VFOLDER_COUNT: 'max_vfolder_count',
      MAX_QUOTA_SCOPE_SIZE: 'max_quota_scope_size',
      MAX_SESSION_COUNT_PER_MODEL_SESSION: 'max_session_count_per_model_session',
      MAX_CUSTOMIZED_IMAGE_COUNT: 'max_customized_image_count',
    } as Record<string, string>,
  },
  project: {
    collection: 'project_resource_policies',
    type: 'ProjectResourcePolicyV2',
    rules: (): FilterRules => ({
      ...base,
      maxVfolderCount: int('max_vfolder_count'),
      maxQuotaScopeSize: int('max_quota_scope_size'),
    }),
    order: {
      NAME: '_id',
      CREATED_AT: 'created_at',
      MAX_VFOLDER_COUNT: 'max_vfolder_count',
      MAX_QUOTA_SCOPE_SIZE: 'max_quota_scope_size',
    } as Record<string, string>,
  },
} as const;

type Kind = keyof typeof POLICY_KINDS;
const repoOf = (ctx: AdminContext, kind: Kind) =>
  ({
    keypair: ctx.repos.keypairPolicies,
    user: ctx.repos.userPolicies,
    project: ctx.repos.projectPolicies,
  })[kind];

function single(kind: Kind) {
  return async (_: unknown, args: { name: string }, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    const doc = await repoOf(ctx, kind).findOne({ _id: args.name });
    if (!doc)
      throw new GraphQLError('Resource policy not found.', { extensions: { code: 'NOT_FOUND' } });
    return doc;
  };
}

function list(kind: Kind, field: string) {
  return async (_: unknown, args: V2ListArgs, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    const k = POLICY_KINDS[kind];
    const filter = await compileV2Filter(args.filter, k.rules(ctx));
    return connection<RecordDoc>(
      ctx,
      {
        field,
        collection: k.collection,
        filter,
        sort: compileV2Order(args.orderBy, k.order, [['created_at', -1]]),
      },
      args,
    );
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
    return kp ? ctx.repos.keypairPolicies.findOne({ _id: kp.resource_policy }) : null;
  },
  async myUserResourcePolicyV2(_: unknown, __: unknown, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    const u = await ctx.loaders.userById.load(me.uuid);
    return u ? ctx.repos.userPolicies.findOne({ _id: u.resource_policy ?? 'default' }) : null;
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
    const q = await keypairQuery(args);
    return groupedConnection<KeyPairDoc>(
      ctx,
      {
        field: 'KeypairResourcePolicyV2.keypairs',
        collection: 'keypairs',
        parentPath: 'resource_policy',
      },
      p._id,
      { filter: and(q.filter), sort: q.sort },
      args,
    );
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
