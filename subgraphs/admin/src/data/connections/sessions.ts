import { SESSION_FIELDS } from '../../minilang/fields';
import type { RecordDoc } from '../documents';
import { compileMiniList, type MiniList } from './miniLanguage';
import { allOf, idIs, scopeConditions } from './mongoFilter';
import type { ConnectionStore } from './reader';
import type { SessionScope } from './scope';
import type { FilterRules } from './v2Filter';
import { compileV2List, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';
import type { SessionV2Status } from '../../generated/resolvers';

const PATHS = {
  domain: 'domain_name',
  accessKey: 'access_key',
  project: 'group_id',
  user: 'user_id',
} as const;

/**
 * Stored status -> published SessionV2Status (subgraphs/admin/README.md has the table and why).
 * Every stored status (minilang SESSION_STATUSES) has an entry.
 */
export const SESSION_V2_STATUS: Record<string, SessionV2Status> = {
  PENDING: 'PENDING',
  SCHEDULED: 'SCHEDULED',
  PREPARING: 'PREPARING',
  PULLING: 'PREPARING',
  PREPARED: 'PREPARED',
  CREATING: 'CREATING',
  RUNNING: 'RUNNING',
  RESTARTING: 'RUNNING',
  RUNNING_DEGRADED: 'RUNNING',
  TERMINATING: 'TERMINATING',
  TERMINATED: 'TERMINATED',
  ERROR: 'TERMINATED',
  CANCELLED: 'CANCELLED',
};

/** Every stored status reported as `published` (none for DEPRIORITIZING, RESERVED, PREEMPTED, RESCHEDULING). */
const storedAs = (published: unknown): string[] =>
  Object.keys(SESSION_V2_STATUS).filter((s) => SESSION_V2_STATUS[s] === String(published));

/** SessionV2StatusFilter over the mapping: a published status matches all stored statuses shown as it. */
function statusCondition(f: Record<string, unknown>) {
  const list = (v: unknown) => (Array.isArray(v) ? v.flatMap(storedAs) : []);
  const parts = [
    f.equals != null ? { status: { $in: storedAs(f.equals) } } : undefined,
    f.notEquals != null ? { status: { $nin: storedAs(f.notEquals) } } : undefined,
    Array.isArray(f.in) ? { status: { $in: list(f.in) } } : undefined,
    Array.isArray(f.notIn) ? { status: { $nin: list(f.notIn) } } : undefined,
  ];
  return Promise.resolve(allOf(...parts));
}

export const SESSION_V2_RULES: FilterRules = {
  id: { kind: 'uuid', path: '_id' },
  status: { kind: 'nested', resolve: statusCondition },
  name: { kind: 'string', path: 'name' },
  domainName: { kind: 'string', path: 'domain_name' },
  projectId: { kind: 'uuid', path: 'group_id' },
  userUuid: { kind: 'uuid', path: 'user_id' },
};
/** Paths the `status` rule filters on (listingIndexes checks them like the others). */
export const SESSION_V2_NESTED_PATHS = ['status'];
export const SESSION_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  TERMINATED_AT: 'terminated_at',
  STATUS: 'status',
  ID: '_id',
  NAME: 'name',
};

const V2: V2Spec = {
  rules: SESSION_V2_RULES,
  order: SESSION_V2_ORDER,
  fallback: [['created_at', -1]],
};

/** Compute sessions: compute_session_node(s), sessionV2 and adminSessionsV2. */
export class SessionConnections {
  constructor(private readonly reads: ConnectionStore) {}

  /**
   * compute_session_nodes under `scope`, a thunk: the filter and order compile (and refuse bad
   * input) before the scope arguments are read, as compute_session_nodes always did.
   */
  page(scope: () => SessionScope, list: MiniList, window: PageWindow) {
    const { filter, sort } = compileMiniList(list, SESSION_FIELDS, '-created_at');
    const where = allOf(...scopeConditions(scope(), PATHS), filter);
    return this.reads.page<RecordDoc>(
      { field: 'compute_session_nodes', collection: 'sessions', filter: where, sort },
      window,
    );
  }

  /** One session the scope admits, or null. */
  byId(id: string, scope: SessionScope): Promise<RecordDoc | null> {
    return this.reads.findOne<RecordDoc>(
      'sessions',
      allOf(...scopeConditions(scope, PATHS), idIs(id)),
    );
  }

  /** adminSessionsV2 under `scope`. */
  async pageV2(scope: SessionScope, list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    const where = allOf(...scopeConditions(scope, PATHS), filter);
    return this.reads.page<RecordDoc>(
      { field: 'adminSessionsV2', collection: 'sessions', filter: where, sort },
      window,
    );
  }
}
