import type { Filter } from 'mongodb';
import { BaseRepository, type Page } from './baseRepository';
import type { RecordDoc } from './documents';
import { MissingReferenceError } from './errors';
import { and } from './minilangMongo';
import type { MongoStore } from './mongo';
import type { Peers } from './peers';
import { eqAll, type ListQuery, oneOf, pageArgs } from './query';

export interface AgentFilter {
  scalingGroup?: string;
  /** Any of these statuses (undefined: any status). */
  statuses?: readonly string[];
}

const INDEXED = [
  'status',
  'status_changed',
  'region',
  'scaling_group',
  'schedulable',
  'addr',
  'first_contact',
  'lost_at',
  'version',
];

/** Agents, stored in API shape; `_id` is the agent id. */
export class AgentsRepository extends BaseRepository<RecordDoc> {
  constructor(
    store: MongoStore,
    private readonly peers: Peers,
  ) {
    super(
      store,
      'agents',
      INDEXED.map((f) => ({ keys: { [f]: 1 as const }, name: f })),
    );
  }

  private scopeFilter(f: AgentFilter): Filter<RecordDoc> {
    return and(eqAll({ scaling_group: f.scalingGroup }), oneOf('status', f.statuses));
  }

  /** `agents`: ordered by id. */
  list(f: AgentFilter): Promise<RecordDoc[]> {
    return this.find(this.scopeFilter(f), [['_id', 1]]);
  }

  /** `agent_list`: one page plus the total. */
  pageScoped(f: AgentFilter, q: ListQuery): Promise<Page<RecordDoc>> {
    return this.page(...pageArgs<RecordDoc>(this.scopeFilter(f), q));
  }

  /** The agents of a scaling group in one status. */
  inScalingGroup(scalingGroup: string, status: string): Promise<RecordDoc[]> {
    return this.find(eqAll({ scaling_group: scalingGroup, status }));
  }

  /** modify_agent: the scaling group must exist; false when no such agent. */
  async modify(
    id: string,
    fields: { schedulable?: boolean; scaling_group?: string },
  ): Promise<boolean> {
    if (fields.scaling_group && !(await this.peers.scalingGroups.exists(fields.scaling_group)))
      throw new MissingReferenceError('scaling group', fields.scaling_group);
    return (await this.update({ _id: id }, fields)) !== null;
  }
}
