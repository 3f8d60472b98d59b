import { AGENT_FIELDS } from '../../minilang/fields';
import type { RecordDoc } from '../documents';
import { compileMiniList, type MiniList } from './miniLanguage';
import { allOf, scopeConditions } from './mongoFilter';
import type { ConnectionStore } from './reader';
import type { AgentScope } from './scope';
import type { FilterRules } from './v2Filter';
import { compileV2List, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

const PATHS = { resourceGroup: 'scaling_group' } as const;
const STATUSES = {
  ALIVE: 'ALIVE',
  LOST: 'LOST',
  RESTARTING: 'RESTARTING',
  TERMINATED: 'TERMINATED',
};
export const AGENT_V2_RULES: FilterRules = {
  id: { kind: 'string', path: '_id' },
  status: { kind: 'enum', path: 'status', values: STATUSES },
  schedulable: { kind: 'bool', path: 'schedulable' },
  scalingGroup: { kind: 'string', path: 'scaling_group' },
};
export const AGENT_V2_ORDER: Record<string, string> = {
  ID: '_id',
  STATUS: 'status',
  FIRST_CONTACT: 'first_contact',
  SCALING_GROUP: 'scaling_group',
  SCHEDULABLE: 'schedulable',
};

const V2: V2Spec = { rules: AGENT_V2_RULES, order: AGENT_V2_ORDER, fallback: [['_id', 1]] };

/** Pages of agents: agent_nodes and agentsV2 (superadmins only reach either). */
export class AgentConnections {
  constructor(private readonly reads: ConnectionStore) {}

  /**
   * agent_nodes within `scope`. The scope comes as a thunk: the filter and order compile (and
   * refuse bad input) before the scope argument is read, as agent_nodes always did.
   */
  page(scope: () => AgentScope, list: MiniList, window: PageWindow) {
    const { filter, sort } = compileMiniList(list, AGENT_FIELDS, '+id');
    const where = allOf(...scopeConditions(scope(), PATHS), filter);
    return this.reads.page<RecordDoc>(
      { field: 'agent_nodes', collection: 'agents', filter: where, sort },
      window,
    );
  }

  async pageV2(list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.reads.page<RecordDoc>(
      { field: 'agentsV2', collection: 'agents', filter, sort },
      window,
    );
  }
}
