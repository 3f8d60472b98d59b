import type { AdminContext } from '../context';
import type { RecordDoc } from '../data/documents';
import { MissingReferenceError } from '../data/errors';
import { maySeeInfraSecrets, requireSuperadmin } from '../rules';
import { and, decodeJson, jsonFields, mutation, success } from './helpers';
import { namedMutations } from './named';

const active = (is_active?: boolean | null) =>
  typeof is_active === 'boolean' ? { is_active: { $eq: is_active } } : undefined;

async function forOwner(ctx: AdminContext, owner: string, is_active?: boolean | null) {
  requireSuperadmin(ctx.auth);
  const names = await ctx.loaders.scalingGroupsByOwner.load(owner);
  return ctx.repos.scalingGroups.find(and({ _id: { $in: names } }, active(is_active)), [
    ['name', 1],
  ]);
}

export const scalingGroupQueries = {
  scaling_group: (_: unknown, args: { name?: string | null }, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return args.name ? ctx.repos.scalingGroups.findOne({ _id: args.name }) : null;
  },
  scaling_groups: (
    _: unknown,
    args: { name?: string | null; is_active?: boolean | null },
    ctx: AdminContext,
  ) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.scalingGroups.find(
      and(args.name ? { _id: { $eq: args.name } } : undefined, active(args.is_active)),
      [['name', 1]],
    );
  },
  scaling_groups_for_domain: (
    _: unknown,
    a: { domain: string; is_active?: boolean | null },
    ctx: AdminContext,
  ) => forOwner(ctx, `domain:${a.domain}`, a.is_active),
  scaling_groups_for_user_group: (
    _: unknown,
    a: { user_group: string; is_active?: boolean | null },
    ctx: AdminContext,
  ) => forOwner(ctx, `group:${a.user_group.toLowerCase()}`, a.is_active),
  scaling_groups_for_keypair: (
    _: unknown,
    a: { access_key: string; is_active?: boolean | null },
    ctx: AdminContext,
  ) => forOwner(ctx, `keypair:${a.access_key}`, a.is_active),
};

const agentsOf = (ctx: AdminContext, sg: RecordDoc, status: string) =>
  ctx.repos.agents.find({ scaling_group: { $eq: sg._id }, status: { $eq: status.toUpperCase() } });

export const ScalingGroup = {
  wsproxy_api_token: (sg: RecordDoc, _: unknown, ctx: AdminContext) =>
    maySeeInfraSecrets(ctx.auth) ? (sg.wsproxy_api_token ?? null) : null,
  ...jsonFields('driver_opts', 'scheduler_opts'),
  agent_count_by_status: async (sg: RecordDoc, a: { status: string }, ctx: AdminContext) =>
    (await agentsOf(ctx, sg, a.status)).length,
  async agent_total_resource_slots_by_status(
    sg: RecordDoc,
    a: { status: string },
    ctx: AdminContext,
  ) {
    const total = {
      occupied_slots: {} as Record<string, number>,
      available_slots: {} as Record<string, number>,
    };
    for (const agent of await agentsOf(ctx, sg, a.status)) {
      for (const key of ['occupied_slots', 'available_slots'] as const) {
        const slots = (decodeJson(agent[key]) ?? {}) as Record<string, unknown>;
        for (const [k, v] of Object.entries(slots))
          total[key][k] = (total[key][k] ?? 0) + Number(v);
      }
    }
    return total;
  },
};

const crud = namedMutations({
  repo: 'scalingGroups',
  what: 'scalinggroup',
  payload: 'scaling_group',
  jsonProps: ['driver_opts', 'scheduler_opts'],
  defaults: {
    description: '',
    is_active: true,
    is_public: true,
    wsproxy_addr: null,
    wsproxy_api_token: null,
    use_host_network: false,
  },
  onDelete: async (ctx, name, session) =>
    void (await ctx.repos.sgroupAssocs.deleteMany({ scaling_group: name }, session)),
});

/** Every target must exist (as upstream's foreign keys require); then the pairs are added or removed. */
async function associate(
  ctx: AdminContext,
  kind: 'domain' | 'group' | 'keypair',
  target: string,
  names: readonly string[],
  add: boolean,
) {
  const exists =
    kind === 'domain'
      ? ctx.repos.domains.findOne({ _id: target })
      : kind === 'group'
        ? ctx.repos.groups.findOne({ _id: target })
        : ctx.repos.keypairs.findOne({ _id: target });
  if (!(await exists))
    throw new MissingReferenceError(kind === 'group' ? 'user group' : kind, target);
  const owner = `${kind}:${target}`;
  if (!add) {
    await ctx.repos.sgroupAssocs.deleteMany({ owner, scaling_group: { $in: [...names] } });
    return success;
  }
  const found = await ctx.repos.scalingGroups.find({ _id: { $in: [...names] } });
  const missing = names.find((n) => !found.some((f) => f._id === n));
  if (missing !== undefined) throw new MissingReferenceError('scaling group', missing);
  await ctx.repos.store.transaction(async (session) => {
    for (const sg of new Set(names)) {
      if (!(await ctx.repos.sgroupAssocs.findOne({ _id: `${owner}/${sg}` }, session))) {
        await ctx.repos.sgroupAssocs.insert(
          { _id: `${owner}/${sg}`, owner, scaling_group: sg },
          session,
        );
      }
    }
  });
  return success;
}

type A = {
  scaling_group?: string;
  scaling_groups?: (string | null)[];
  domain?: string;
  user_group?: string;
  access_key?: string;
};
const names = (a: A) =>
  (a.scaling_groups ?? [a.scaling_group]).filter((n): n is string => typeof n === 'string');
const assoc = (kind: 'domain' | 'group' | 'keypair', add: boolean) =>
  mutation(async (a: A, ctx) =>
    associate(
      ctx,
      kind,
      (kind === 'domain'
        ? a.domain
        : kind === 'group'
          ? a.user_group?.toLowerCase()
          : a.access_key) ?? '',
      names(a),
      add,
    ),
  );

export const scalingGroupMutations = {
  create_scaling_group: crud.create,
  modify_scaling_group: crud.modify,
  delete_scaling_group: crud.delete,
  associate_scaling_group_with_domain: assoc('domain', true),
  associate_scaling_groups_with_domain: assoc('domain', true),
  associate_scaling_group_with_user_group: assoc('group', true),
  associate_scaling_groups_with_user_group: assoc('group', true),
  associate_scaling_group_with_keypair: assoc('keypair', true),
  associate_scaling_groups_with_keypair: assoc('keypair', true),
  disassociate_scaling_group_with_domain: assoc('domain', false),
  disassociate_scaling_groups_with_domain: assoc('domain', false),
  disassociate_scaling_group_with_user_group: assoc('group', false),
  disassociate_scaling_groups_with_user_group: assoc('group', false),
  disassociate_scaling_group_with_keypair: assoc('keypair', false),
  disassociate_scaling_groups_with_keypair: assoc('keypair', false),
  disassociate_all_scaling_groups_with_domain: mutation(async (a: { domain: string }, ctx) => {
    await ctx.repos.sgroupAssocs.deleteMany({ owner: `domain:${a.domain}` });
    return success;
  }),
  disassociate_all_scaling_groups_with_group: mutation(async (a: { user_group: string }, ctx) => {
    await ctx.repos.sgroupAssocs.deleteMany({ owner: `group:${a.user_group.toLowerCase()}` });
    return success;
  }),
};
