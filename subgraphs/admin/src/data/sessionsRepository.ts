import { BaseRepository, type Page } from './baseRepository';
import type { RecordDoc } from './documents';
import { and } from './minilangMongo';
import type { MongoStore } from './mongo';
import { eqAll, type ListQuery, oneOf, pageArgs } from './query';

/** Statuses in which a session holds resources (KeyPair.concurrency_used). */
export const ACTIVE_SESSION_STATUSES = [
  'PREPARING',
  'PULLING',
  'PREPARED',
  'CREATING',
  'RUNNING',
  'RESTARTING',
  'RUNNING_DEGRADED',
] as const;

export interface SessionFilter {
  domain?: string;
  accessKey?: string;
  groupId?: string;
  /** Any of these statuses (undefined: any status). */
  statuses?: readonly string[];
}

const indexes = (fields: string[]) => fields.map((f) => ({ keys: { [f]: 1 as const }, name: f }));

/** Compute sessions, stored in API shape; `_id` is the session id. */
export class SessionsRepository extends BaseRepository<RecordDoc> {
  constructor(store: MongoStore) {
    super(
      store,
      'sessions',
      indexes([
        'type',
        'name',
        'image',
        'agent_ids',
        'domain_name',
        'group_id',
        'group_name',
        'user_email',
        'user_id',
        'full_name',
        'access_key',
        'scaling_group',
        'cluster_mode',
        'cluster_size',
        'status',
        'status_info',
        'result',
        'created_at',
        'terminated_at',
        'starts_at',
        'scheduled_at',
      ]),
    );
  }

  /** `compute_session_list`: one page plus the total under the scope and the client's filter. */
  pageScoped(f: SessionFilter, q: ListQuery): Promise<Page<RecordDoc>> {
    const scope = and(
      eqAll({ domain_name: f.domain, access_key: f.accessKey, group_id: f.groupId }),
      oneOf('status', f.statuses),
    );
    return this.page(...pageArgs<RecordDoc>(scope, q));
  }

  /** How many sessions hold resources, per access key, in the order asked (one round trip). */
  async countActiveByAccessKeys(accessKeys: readonly string[]): Promise<number[]> {
    const sessions = await this.find({
      access_key: { $in: [...accessKeys] },
      status: { $in: [...ACTIVE_SESSION_STATUSES] },
    });
    return accessKeys.map((ak) => sessions.filter((s) => s.access_key === ak).length);
  }

  /**
   * The newest sessions of each access key (optionally in one status), at most `perKey` each, in
   * the order asked: one query capped at `perKey` × keys, so one key with very many sessions can
   * crowd out others in the same batch; the cap keeps memory bounded.
   */
  async newestByAccessKeys(
    accessKeys: readonly string[],
    status: string | undefined,
    perKey = 100,
  ): Promise<RecordDoc[][]> {
    const filter = and(oneOf('access_key', accessKeys), eqAll({ status }));
    const found = new Map<string, RecordDoc[]>();
    const docs = await this.find(filter, [['created_at', -1]], perKey * accessKeys.length);
    for (const s of docs) {
      const key = String(s.access_key);
      const list = found.get(key) ?? [];
      if (list.length < perKey) found.set(key, [...list, s]);
    }
    return accessKeys.map((ak) => found.get(ak) ?? []);
  }
}

/** The containers (kernels) of sessions, stored in API shape. */
export class ContainersRepository extends BaseRepository<RecordDoc> {
  constructor(store: MongoStore) {
    super(
      store,
      'containers',
      indexes(['session_id', 'role', 'status', 'created_at', 'agent', 'idx']),
    );
  }

  /** `compute_container_list`: one page of a session's containers (optionally one role). */
  pageOfSession(sessionId: string, role: string | undefined, q: ListQuery) {
    return this.page(...pageArgs<RecordDoc>(eqAll({ session_id: sessionId, role }), q));
  }

  /** ComputeSession.containers: ordered by index. */
  ofSession(sessionId: string): Promise<RecordDoc[]> {
    return this.find(eqAll({ session_id: sessionId }), [['idx', 1]]);
  }

  /** Agent.compute_containers: the newest 100, optionally in one status. */
  onAgent(agentId: string, status?: string): Promise<RecordDoc[]> {
    return this.find(eqAll({ agent: agentId, status }), [['created_at', -1]], 100);
  }
}
