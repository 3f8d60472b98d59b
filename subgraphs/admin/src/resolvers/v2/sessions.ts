import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { canSeeUser } from '../../rules';
import { and, textOf } from '../helpers';
import { connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { sessionVisibility } from '../relay/sessions';
import { compileV2Filter, compileV2Order, type FilterRules } from './filters';
import type { V2ListArgs } from './keypairs';
import { slotEntries } from './slots';

/**
 * Stored status -> published SessionV2Status (subgraphs/admin/README.md has the table and why).
 * Every stored status (minilang SESSION_STATUSES) has an entry.
 */
export const SESSION_V2_STATUS: Record<string, string> = {
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
  return Promise.resolve(and(...parts));
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

const notFound = () =>
  new GraphQLError('Session not found.', { extensions: { code: 'NOT_FOUND' } });

export const v2SessionQueries = {
  async adminSessionsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    const visible = await sessionVisibility(ctx, 'read_attribute');
    const filter = await compileV2Filter(args.filter, SESSION_V2_RULES);
    return connection<RecordDoc>(
      ctx,
      {
        field: 'adminSessionsV2',
        collection: 'sessions',
        filter: and(...visible, filter),
        sort: compileV2Order(args.orderBy, SESSION_V2_ORDER, [['created_at', -1]]),
      },
      args,
    );
  },
  async sessionV2(_: unknown, args: { id: string }, ctx: AdminContext) {
    const visible = await sessionVisibility(ctx, 'read_attribute');
    const doc = await ctx.repos.sessions.findOne(
      and(...visible, { _id: { $eq: args.id.toLowerCase() } }),
    );
    if (!doc) throw notFound();
    return doc;
  },
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const slotsOrNull = (v: unknown) =>
  v === null || v === undefined ? null : { entries: slotEntries(v) };
const allocation = (s: RecordDoc) => ({
  requested: { entries: slotEntries(s.requested_slots) },
  used: slotsOrNull(s.occupied_slots),
  allocated: slotsOrNull(s.occupying_slots ?? s.occupied_slots),
});
const TYPES = ['INTERACTIVE', 'BATCH', 'INFERENCE', 'SYSTEM'];

function result(s: RecordDoc): string {
  const stored = textOf(s.result).toUpperCase();
  if (stored === 'SUCCESS' || stored === 'FAILURE') return stored;
  return s.status === 'ERROR' ? 'FAILURE' : 'UNDEFINED';
}

export const SessionV2 = {
  id: (s: RecordDoc) => toGlobalId('SessionV2', s._id),
  domainName: (s: RecordDoc) => textOf(s.domain_name),
  userId: (s: RecordDoc) => textOf(s.user_id),
  projectId: (s: RecordDoc) => textOf(s.group_id),
  metadata: (s: RecordDoc) => {
    const type = textOf(s.type).toUpperCase();
    return {
      creationId: s._id,
      name: textOf(s.name),
      sessionType: TYPES.includes(type) ? type : 'INTERACTIVE',
      accessKey: textOf(s.access_key),
      clusterMode:
        textOf(s.cluster_mode).toLowerCase().replace('_', '-') === 'multi-node'
          ? 'MULTI_NODE'
          : 'SINGLE_NODE',
      clusterSize: typeof s.cluster_size === 'number' ? s.cluster_size : 1,
      priority: 0,
      jobPriority: 0,
      isPreemptible: false,
      tag: str(s.tag),
    };
  },
  resource: (s: RecordDoc) => ({
    allocation: allocation(s),
    resourceGroupName: str(s.scaling_group),
  }),
  lifecycle: (s: RecordDoc) => ({
    status: SESSION_V2_STATUS[String(s.status)] ?? 'PENDING',
    result: result(s),
    createdAt: s.created_at ?? null,
    terminatedAt: s.terminated_at ?? null,
    startsAt: s.starts_at ?? null,
    batchTimeout: null,
  }),
  runtime: (s: RecordDoc) => ({
    environ: null,
    bootstrapScript: null,
    startupCommand: str(s.startup_command),
    callbackUrl: null,
  }),
  network: () => ({ useHostNetwork: false, networkType: null, networkId: null }),
  domain: (s: RecordDoc, _: unknown, ctx: AdminContext) =>
    typeof s.domain_name === 'string' ? ctx.loaders.domainByName.load(s.domain_name) : null,
  project: (s: RecordDoc, _: unknown, ctx: AdminContext) =>
    typeof s.group_id === 'string' ? ctx.loaders.groupById.load(s.group_id) : null,
  async user(s: RecordDoc, _: unknown, ctx: AdminContext) {
    const u = typeof s.user_id === 'string' ? await ctx.loaders.userById.load(s.user_id) : null;
    return u && canSeeUser(ctx.auth, u) ? u : null;
  },
  resourceAllocation: allocation,
};
