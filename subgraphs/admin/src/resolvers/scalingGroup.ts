import type { AdminContext } from '../context';
import type { RecordDoc } from '../data/documents';
import { type OwnerKind, ownerKey, type SgOwner } from '../data/scalingGroupsRepository';
import { maySeeInfraSecrets, requireSuperadmin } from '../rules';
import { decodeJson, jsonFields, mutation, success } from './helpers';
import { namedMutations } from './named';

const active = (is_active?: boolean | null) =>
  typeof is_active === 'boolean' ? is_active : undefined;

async function forOwner(ctx: AdminContext, owner: SgOwner, is_active?: boolean | null) {
  requireSuperadmin(ctx.auth);
  const names = await ctx.loaders.scalingGroupsByOwner.load(ownerKey(owner));
  return ctx.repos.scalingGroups.list({ names, isActive: active(is_active) });
}

export const scalingGroupQueries = {
  scaling_group: (_: unknown, args: { name?: string | null }, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return args.name ? ctx.repos.scalingGroups.byName(args.name) : null;
  },
  scaling_groups: (
    _: unknown,
    args: { name?: string | null; is_active?: boolean | null },
    ctx: AdminContext,
  ) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.scalingGroups.list({
      name: args.name || undefined,
      isActive: active(args.is_active),
    });
  },
  scaling_groups_for_domain: (
    _: unknown,
    a: { domain: string; is_active?: boolean | null },
    ctx: AdminContext,
  ) => forOwner(ctx, { kind: 'domain', id: a.domain }, a.is_active),
  scaling_groups_for_user_group: (
    _: unknown,
    a: { user_group: string; is_active?: boolean | null },
    ctx: AdminContext,
  ) => forOwner(ctx, { kind: 'group', id: a.user_group.toLowerCase() }, a.is_active),
  scaling_groups_for_keypair: (
    _: unknown,
    a: { access_key: string; is_active?: boolean | null },
    ctx: AdminContext,
  ) => forOwner(ctx, { kind: 'keypair', id: a.access_key }, a.is_active),
};

const agentsOf = (ctx: AdminContext, sg: RecordDoc, status: string) =>
  ctx.repos.agents.inScalingGroup(sg._id, status.toUpperCase());

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
});

/** Every target must exist (as upstream's foreign keys require); then the pairs are added or removed. */
async function associate(
  ctx: AdminContext,
  owner: SgOwner,
  names: readonly string[],
  add: boolean,
) {
  if (add) await ctx.repos.scalingGroups.associate(owner, names);
  else await ctx.repos.scalingGroups.disassociate(owner, names);
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
const targetOf = (kind: OwnerKind, a: A) =>
  (kind === 'domain' ? a.domain : kind === 'group' ? a.user_group?.toLowerCase() : a.access_key) ??
  '';
const assoc = (kind: OwnerKind, add: boolean) =>
  mutation(async (a: A, ctx) => associate(ctx, { kind, id: targetOf(kind, a) }, names(a), add));

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
    await ctx.repos.scalingGroups.disassociateAll({ kind: 'domain', id: a.domain });
    return success;
  }),
  disassociate_all_scaling_groups_with_group: mutation(async (a: { user_group: string }, ctx) => {
    await ctx.repos.scalingGroups.disassociateAll({
      kind: 'group',
      id: a.user_group.toLowerCase(),
    });
    return success;
  }),
};
