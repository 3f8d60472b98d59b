import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import { is, nothing, type SessionScope } from '../../data/connections/scope';
import type { ComputeSessionNodeResolvers, QueryResolvers } from '../../generated/resolvers';
import { canSeeUser, isDomainReader, requireUser } from '../../rules';
import { callerAccessKey } from '../caller';
import { decodeJson, jsonFields } from '../helpers';
import { listOf, textOrNull } from '../stored';
import { windowOf } from './connection';
import { toGlobalId } from './globalId';
import { localUuid } from './users';

const READ = ['read_attribute'];
const WRITE = ['update_attribute', 'delete_session', 'start_app', 'execute', 'convert_to_image'];
const badInput = (message: string, argument: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** compute_session_list's scope per permission; monitors hold only read_attribute. */
export async function sessionVisibility(
  ctx: AdminContext,
  permission: string | null | undefined,
): Promise<SessionScope> {
  const me = requireUser(ctx.auth);
  const p = permission ?? 'read_attribute';
  if (!READ.includes(p) && !WRITE.includes(p))
    throw badInput(
      `permission must be one of ${[...READ, ...WRITE].join(', ')}, got "${p}"`,
      'permission',
    );
  if (me.role === 'superadmin') return [];
  if (me.role === 'monitor' && WRITE.includes(p)) return [nothing];
  if (isDomainReader(me)) return [is('domain', me.domain)];
  return [is('accessKey', (await callerAccessKey(ctx)) ?? '\u0000none')];
}

/** `project_id` and `scope_id` narrow the caller's visibility (never widen it). */
function scopeNarrowing(
  scope: string | null | undefined,
  projectId: string | null | undefined,
): SessionScope {
  const parts: SessionScope = projectId ? [is('project', projectId.toLowerCase())] : [];
  if (!scope || scope === 'system') return parts;
  const sep = scope.indexOf(':');
  const [kind, value] = sep > 0 ? [scope.slice(0, sep), scope.slice(sep + 1)] : [scope, ''];
  if (kind === 'domain' && value) return [...parts, is('domain', value)];
  if (kind === 'project' && UUID_RE.test(value))
    return [...parts, is('project', value.toLowerCase())];
  if (kind === 'user' && UUID_RE.test(value)) return [...parts, is('user', value.toLowerCase())];
  throw badInput(
    `scope_id must be "system", "domain:<name>", "project:<uuid>" or "user:<uuid>", got "${scope}"`,
    'scope_id',
  );
}

export const relaySessionQueries: QueryResolvers = {
  async compute_session_node(_, args, ctx) {
    const visible = await sessionVisibility(ctx, args.permission);
    const uuid = localUuid(args.id, 'ComputeSessionNode');
    return uuid
      ? ctx.connections.sessions.byId(uuid, [
          ...visible,
          ...scopeNarrowing(args.scope_id, args.project_id),
        ])
      : null;
  },
  async compute_session_nodes(_, args, ctx) {
    const visible = await sessionVisibility(ctx, args.permission);
    return ctx.connections.sessions.page(
      () => [...visible, ...scopeNarrowing(args.scope_id, args.project_id)],
      args,
      windowOf(ctx, args),
    );
  },
};

const unset = () => null;

export const ComputeSessionNode: ComputeSessionNodeResolvers = {
  id: (s) => toGlobalId('ComputeSessionNode', s._id),
  row_id: (s) => s._id,
  priority: unset,
  cluster_template: unset,
  queue_position: unset,
  commit_status: unset,
  inference_metrics: unset,
  project_id: (s) => textOrNull(s.group_id),
  async owner(s, _, ctx) {
    const u = typeof s.user_id === 'string' ? await ctx.loaders.userById.load(s.user_id) : null;
    return u && canSeeUser(ctx.auth, u) ? u : null;
  },
  permissions: (_, __, ctx) =>
    requireUser(ctx.auth).role === 'monitor' ? READ : [...READ, ...WRITE],
  ...jsonFields(
    'status_data',
    'status_history',
    'idle_checks',
    'resource_opts',
    'service_ports',
    'occupied_slots',
    'requested_slots',
  ),
  abusing_reports: (s) => listOf(s.abusing_reports).map((r) => decodeJson(r)),
  vfolder_mounts: (s) => listOf(s.vfolder_mounts).map(String),
  image_references: (s) => (typeof s.image === 'string' ? [s.image] : []),
};
