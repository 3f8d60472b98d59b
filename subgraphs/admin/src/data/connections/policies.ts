import type { KeyPairDoc, RecordDoc } from '../documents';
import type { ConnectionStore } from './reader';
import { compileV2Filter, type FilterRules } from './v2Filter';
import { compileV2List, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

const int = (path: string) => ({ kind: 'int' as const, path });
const base: FilterRules = {
  name: { kind: 'string', path: '_id' },
  createdAt: { kind: 'datetime', path: 'created_at' },
};

/** The three resource policy kinds: where each is stored, what it filters and orders on. */
export const POLICY_KINDS = {
  keypair: {
    collection: 'keypair_resource_policies',
    rules: {
      ...base,
      maxSessionLifetime: int('max_session_lifetime'),
      maxConcurrentSessions: int('max_concurrent_sessions'),
      maxContainersPerSession: int('max_containers_per_session'),
      idleTimeout: int('idle_timeout'),
      maxConcurrentSftpSessions: int('max_concurrent_sftp_sessions'),
      maxPendingSessionCount: int('max_pending_session_count'),
      keypair: {
        kind: 'nested',
        resolve: async (f, lookup) => {
          const cond = await compileV2Filter(
            f.userId ? { userId: f.userId } : {},
            { userId: { kind: 'uuid', path: 'user' } },
            lookup,
          );
          const keypairs = await lookup.find<KeyPairDoc>('keypairs', cond);
          return { _id: { $in: [...new Set(keypairs.map((k) => k.resource_policy))] } };
        },
      },
    } as FilterRules,
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
    rules: {
      ...base,
      maxVfolderCount: int('max_vfolder_count'),
      maxQuotaScopeSize: int('max_quota_scope_size'),
      maxSessionCountPerModelSession: int('max_session_count_per_model_session'),
      maxCustomizedImageCount: int('max_customized_image_count'),
    } as FilterRules,
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
    rules: {
      ...base,
      maxVfolderCount: int('max_vfolder_count'),
      maxQuotaScopeSize: int('max_quota_scope_size'),
    } as FilterRules,
    order: {
      NAME: '_id',
      CREATED_AT: 'created_at',
      MAX_VFOLDER_COUNT: 'max_vfolder_count',
      MAX_QUOTA_SCOPE_SIZE: 'max_quota_scope_size',
    } as Record<string, string>,
  },
} as const;

export type PolicyKind = keyof typeof POLICY_KINDS;

/** Resource policies: the admin lists, and single policies by name. */
export class PolicyConnections {
  constructor(private readonly reads: ConnectionStore) {}

  /** admin<Kind>ResourcePoliciesV2: every policy of the kind (superadmins only reach it). */
  async pageV2(kind: PolicyKind, field: string, list: V2List, window: PageWindow) {
    const k = POLICY_KINDS[kind];
    const spec: V2Spec = { rules: k.rules, order: k.order, fallback: [['created_at', -1]] };
    const { filter, sort } = await compileV2List(list, spec, this.reads);
    return this.reads.page<RecordDoc>({ field, collection: k.collection, filter, sort }, window);
  }

  /** One policy of the kind by name, or null. */
  byName(kind: PolicyKind, name: string): Promise<RecordDoc | null> {
    return this.reads.findOne<RecordDoc>(POLICY_KINDS[kind].collection, { _id: name });
  }
}
