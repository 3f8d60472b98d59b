import { GraphQLError } from 'graphql';
import type { Document } from 'mongodb';
import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { SESSION_FIELDS } from '../../minilang/fields';
import { canSeeUser, isDomainReader, requireUser } from '../../rules';
import { callerAccessKey } from '../caller';
import { and, decodeJson, jsonFields } from '../helpers';
import { type ConnectionArgs, connection } from './connection';
import { toGlobalId } from './globalId';
import { NOTHING } from './permissions';
import { localUuid, miniLanguage } from './users';

const READ = ['read_attribute'];
const WRITE = ['update_attribute', 'delete_session', 'start_app', 'execute', 'convert_to_image'];
const badInput = (message: string, argument: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** compute_session_list's scope per permission; monitors hold only read_attribute. */
export async function sessionVisibility(
  ctx: AdminContext,
  permission: string | null | undefined,
): Promise<Document[]> {
  const me = requireUser(ctx.auth);
  const p = permission ?? 'read_attribute';
  if (!READ.includes(p) && !WRITE.includes(p))
    throw badInput(
      `permission must be one of ${[...READ, ...WRITE].join(', ')}, got "${p}"`,
      'permission',
    );
  if (me.role === 'superadmin') return [];
  if (me.role === 'monitor' && WRITE.includes(p)) return [NOTHING];
  if (isDomainReader(me)) return [{ domain_name: { $eq: me.domain } }];
  return [{ access_key: { $eq: (await callerAccessKey(ctx)) ?? '\u0000none' } }];
}

function scopeCondition(
  scope: string | null | undefined,
  projectId: string | null | undefined,
): Document[] {
  const parts: Document[] = projectId ? [{ group_id: { $eq: projectId.toLowerCase() } }] : [];
  if (!scope || scope === 'system') return parts;
  const sep = scope.indexOf(':');
  const [kind, value] = sep > 0 ? [scope.slice(0, sep), scope.slice(sep + 1)] : [scope, ''];
  if (kind === 'domain' && value) return [...parts, { domain_name: { $eq: value } }];
  if (kind === 'project' && UUID_RE.test(value))
    return [...parts, { group_id: { $eq: value.toLowerCase() } }];
  if (kind === 'user' && UUID_RE.test(value))
    return [...parts, { user_id: { $eq: value.toLowerCase() } }];
  throw badInput(
    `scope_id must be "system", "domain:<name>", "project:<uuid>" or "user:<uuid>", got "${scope}"`,
    'scope_id',
  );
}

type Args = ConnectionArgs & {
  filter?: string | null;
  order?: string | null;
  scope_id?: string | null;
  project_id?: string | null;
  permission?: string | null;
};

export const relaySessionQueries = {
  async compute_session_node(
    _: unknown,
    args: {
      id: string;
      scope_id?: string | null;
      project_id?: string | null;
      permission?: string | null;
    },
    ctx: AdminContext,
  ) {
    const visible = await sessionVisibility(ctx, args.permission);
    const uuid = localUuid(args.id, 'ComputeSessionNode');
    return uuid
      ? ctx.repos.sessions.findOne(
          and(...visible, ...scopeCondition(args.scope_id, args.project_id), {
            _id: { $eq: uuid },
          }),
        )
      : null;
  },
  async compute_session_nodes(_: unknown, args: Args, ctx: AdminContext) {
    const visible = await sessionVisibility(ctx, args.permission);
    const { filter, sort } = miniLanguage(ctx, args, SESSION_FIELDS, '-created_at');
    return connection<RecordDoc>(
      ctx,
      {
        field: 'compute_session_nodes',
        collection: 'sessions',
        filter: and(...visible, ...scopeCondition(args.scope_id, args.project_id), filter),
        sort,
      },
      args,
    );
  },
};

const nothing = () => null;

export const ComputeSessionNode = {
  id: (s: RecordDoc) => toGlobalId('ComputeSessionNode', s._id),
  row_id: (s: RecordDoc) => s._id,
  priority: nothing,
  cluster_template: nothing,
  queue_position: nothing,
  commit_status: nothing,
  inference_metrics: nothing,
  project_id: (s: RecordDoc) => s.group_id,
  async owner(s: RecordDoc, _: unknown, ctx: AdminContext) {
    const u = typeof s.user_id === 'string' ? await ctx.loaders.userById.load(s.user_id) : null;
    return u && canSeeUser(ctx.auth, u) ? u : null;
  },
  permissions: (_: RecordDoc, __: unknown, ctx: AdminContext) =>
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
  abusing_reports: (s: RecordDoc) =>
    Array.isArray(s.abusing_reports) ? s.abusing_reports.map((r) => decodeJson(r)) : [],
  vfolder_mounts: (s: RecordDoc) =>
    Array.isArray(s.vfolder_mounts) ? s.vfolder_mounts.map(String) : [],
  image_references: (s: RecordDoc) => (typeof s.image === 'string' ? [s.image] : []),
};
