import { GraphQLError } from 'graphql';
import type {
  QueryResolvers,
  SessionV2Resolvers,
  SessionV2Result,
  SessionV2Type,
} from '../../generated/resolvers';
import { SESSION_V2_STATUS } from '../../data/connections/sessions';
import type { RecordDoc } from '../../data/documents';
import { canSeeUser } from '../../rules';
import { textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { sessionVisibility } from '../relay/sessions';
import { timeOrNull } from '../stored';
import { slotEntries } from './slots';

/** SessionV2Filter's rules and order live with the queries; named here for the listing-index test. */
export {
  SESSION_V2_NESTED_PATHS,
  SESSION_V2_ORDER,
  SESSION_V2_RULES,
  SESSION_V2_STATUS,
} from '../../data/connections/sessions';

const notFound = () =>
  new GraphQLError('Session not found.', { extensions: { code: 'NOT_FOUND' } });

export const v2SessionQueries: QueryResolvers = {
  async adminSessionsV2(_, args, ctx) {
    const visible = await sessionVisibility(ctx, 'read_attribute');
    return ctx.connections.sessions.pageV2(visible, args, windowOf(ctx, args));
  },
  async sessionV2(_, args, ctx) {
    const visible = await sessionVisibility(ctx, 'read_attribute');
    const doc = await ctx.connections.sessions.byId(args.id.toLowerCase(), visible);
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
const TYPES: readonly SessionV2Type[] = ['INTERACTIVE', 'BATCH', 'INFERENCE', 'SYSTEM'];

function result(s: RecordDoc): SessionV2Result {
  const stored = textOf(s.result).toUpperCase();
  if (stored === 'SUCCESS' || stored === 'FAILURE') return stored;
  return s.status === 'ERROR' ? 'FAILURE' : 'UNDEFINED';
}

export const SessionV2: SessionV2Resolvers = {
  id: (s) => toGlobalId('SessionV2', s._id),
  domainName: (s) => textOf(s.domain_name),
  userId: (s) => textOf(s.user_id),
  projectId: (s) => textOf(s.group_id),
  metadata: (s) => {
    const type = textOf(s.type).toUpperCase();
    return {
      creationId: s._id,
      name: textOf(s.name),
      sessionType: TYPES.find((t) => t === type) ?? 'INTERACTIVE',
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
  resource: (s) => ({
    allocation: allocation(s),
    resourceGroupName: str(s.scaling_group),
  }),
  lifecycle: (s) => ({
    status: SESSION_V2_STATUS[String(s.status)] ?? 'PENDING',
    result: result(s),
    createdAt: timeOrNull(s.created_at),
    terminatedAt: timeOrNull(s.terminated_at),
    startsAt: timeOrNull(s.starts_at),
    batchTimeout: null,
  }),
  runtime: (s) => ({
    environ: null,
    bootstrapScript: null,
    startupCommand: str(s.startup_command),
    callbackUrl: null,
  }),
  network: () => ({ useHostNetwork: false, networkType: null, networkId: null }),
  domain: (s, _, ctx) =>
    typeof s.domain_name === 'string' ? ctx.loaders.domainByName.load(s.domain_name) : null,
  project: (s, _, ctx) =>
    typeof s.group_id === 'string' ? ctx.loaders.groupById.load(s.group_id) : null,
  async user(s, _, ctx) {
    const u = typeof s.user_id === 'string' ? await ctx.loaders.userById.load(s.user_id) : null;
    return u && canSeeUser(ctx.auth, u) ? u : null;
  },
  resourceAllocation: allocation,
};
