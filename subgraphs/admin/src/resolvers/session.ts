import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import type { RecordDoc } from '../data/documents';
import type { SessionFilter } from '../data/sessionsRepository';
import type {
  ComputeContainerResolvers,
  ComputeSessionResolvers,
  QueryCompute_Session_ListArgs,
  QueryResolvers,
} from '../generated/resolvers';
import { CONTAINER_FIELDS, SESSION_FIELDS, SESSION_STATUSES } from '../minilang/fields';
import { requireUser, scope } from '../rules';
import { callerAccessKey } from './caller';
import { decodeJson, jsonFields, listPage, listQuery } from './helpers';
import { listOf, textList } from './stored';

/** "RUNNING,PENDING" -> a validated list of statuses. */
function statusList(raw: string | null | undefined): string[] | undefined {
  const list = raw
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const bad = list?.find((s) => !SESSION_STATUSES.some((v) => v === s));
  if (bad)
    throw new GraphQLError(
      `status must be a comma-separated list of ${SESSION_STATUSES.join(', ')}; got "${bad}"`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  return list?.length ? list : undefined;
}

/** scoped_query(user_key="access_key"): admins their domain; plain users their own keypair's sessions. */
async function sessionsFilter(
  ctx: AdminContext,
  args: QueryCompute_Session_ListArgs,
): Promise<SessionFilter> {
  const s = scope(
    ctx.auth,
    { domain_name: args.domain_name, user: args.access_key },
    { own: await callerAccessKey(ctx), autofill: false },
  );
  return {
    domain: s.domain_name || undefined,
    accessKey: s.user || undefined,
    groupId: args.group_id ? args.group_id.toLowerCase() : undefined,
    statuses: statusList(args.status),
  };
}

/** Whether the caller may see one session (same rules as the list). */
async function visibleSession(
  ctx: AdminContext,
  session: RecordDoc | null,
): Promise<RecordDoc | null> {
  if (!session) return null;
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return session;
  if (me.role === 'admin' || me.role === 'monitor')
    return session.domain_name === me.domain ? session : null;
  return session.access_key === (await callerAccessKey(ctx)) ? session : null;
}

export const sessionQueries: QueryResolvers = {
  compute_session: async (_, args, ctx) =>
    visibleSession(ctx, await ctx.repos.sessions.byId(args.id)),
  async compute_session_list(_, args, ctx) {
    const filter = await sessionsFilter(ctx, args);
    const query = listQuery(ctx, args, SESSION_FIELDS, '-created_at');
    return listPage(await ctx.repos.sessions.pageScoped(filter, query));
  },
  async compute_container(_, args, ctx) {
    const c = await ctx.repos.containers.byId(args.id);
    return c && (await visibleSession(ctx, await ctx.repos.sessions.byId(String(c.session_id))))
      ? c
      : null;
  },
  async compute_container_list(_, args, ctx) {
    const query = listQuery(ctx, args, CONTAINER_FIELDS, '+idx');
    const session = await visibleSession(
      ctx,
      await ctx.repos.sessions.byId(args.session_id.toLowerCase()),
    );
    if (!session) return { items: [], total_count: 0 };
    const role = args.role || undefined;
    return listPage(await ctx.repos.containers.pageOfSession(session._id, role, query));
  },
};

const SESSION_JSON = [
  'status_data',
  'status_history',
  'idle_checks',
  'resource_opts',
  'service_ports',
  'occupying_slots',
  'occupied_slots',
  'requested_slots',
  'inference_metrics',
] as const;

export const ComputeSession: ComputeSessionResolvers = {
  id: (s) => s._id,
  session_id: (s) => s._id,
  ...jsonFields(...SESSION_JSON),
  abusing_reports: (s) => listOf(s.abusing_reports).map(decodeJson),
  agents: (s) => textList(s.agent_ids),
  containers: (s, _, ctx) => ctx.repos.containers.ofSession(s._id),
  dependencies: () => [],
};

export const ComputeContainer: ComputeContainerResolvers = {
  id: (c) => c._id,
  kernel_id: (c) => c._id,
  ...jsonFields(
    'status_data',
    'abusing_report',
    'resource_opts',
    'occupied_slots',
    'live_stat',
    'last_stat',
  ),
};
