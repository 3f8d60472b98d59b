import type { AdminContext } from '../context';
import type { RecordDoc } from '../data/documents';
import { type OwnerKind, ownerKey, type SgOwner } from '../data/scalingGroupsRepository';
import type {
  MutationAssociate_Scaling_Group_With_DomainArgs,
  MutationAssociate_Scaling_Group_With_KeypairArgs,
  MutationAssociate_Scaling_Group_With_User_GroupArgs,
  MutationAssociate_Scaling_Groups_With_DomainArgs,
  MutationResolvers,
  QueryResolvers,
  ScalingGroupResolvers,
} from '../generated/resolvers';
import { maySeeInfraSecrets, requireSuperadmin } from '../rules';
import { decodeJson, jsonFields, mutation, success, textItems } from './helpers';
import { entriesOf, textOrNull } from './stored';
import { namedMutations } from './named';

const active = (is_active?: boolean | null) =>
  typeof is_active === 'boolean' ? is_active : undefined;

async function forOwner(ctx: AdminContext, owner: SgOwner, is_active?: boolean | null) {
  requireSuperadmin(ctx.auth);
  const names = await ctx.loaders.scalingGroupsByOwner.load(ownerKey(owner));
  return ctx.repos.scalingGroups.list({ names, isActive: active(is_active) });
}

export const scalingGroupQueries: QueryResolvers = {
  scaling_group: (_, args, ctx) => {
    requireSuperadmin(ctx.auth);
    return args.name ? ctx.repos.scalingGroups.byName(args.name) : null;
  },
  scaling_groups: (_, args, ctx) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.scalingGroups.list({
      name: args.name || undefined,
      isActive: active(args.is_active),
    });
  },
  scaling_groups_for_domain: (_, a, ctx) =>
    forOwner(ctx, { kind: 'domain', id: a.domain }, a.is_active),
  scaling_groups_for_user_group: (_, a, ctx) =>
    forOwner(ctx, { kind: 'group', id: a.user_group.toLowerCase() }, a.is_active),
  scaling_groups_for_keypair: (_, a, ctx) =>
    forOwner(ctx, { kind: 'keypair', id: a.access_key }, a.is_active),
};

const agentsOf = (ctx: AdminContext, sg: RecordDoc, status: string) =>
  ctx.repos.agents.inScalingGroup(sg._id, status.toUpperCase());

/** `satisfies`, not a type annotation: the fields stay callable (secrets.test.ts calls one). */
export const ScalingGroup = {
  wsproxy_api_token: (sg, _, ctx) =>
    maySeeInfraSecrets(ctx.auth) ? textOrNull(sg.wsproxy_api_token) : null,
  ...jsonFields('driver_opts', 'scheduler_opts'),
  agent_count_by_status: async (sg, a, ctx) => (await agentsOf(ctx, sg, a.status)).length,
  async agent_total_resource_slots_by_status(sg, a, ctx) {
    const total: Record<'occupied_slots' | 'available_slots', Record<string, number>> = {
      occupied_slots: {},
      available_slots: {},
    };
    for (const agent of await agentsOf(ctx, sg, a.status)) {
      for (const key of ['occupied_slots', 'available_slots'] as const) {
        for (const [k, v] of entriesOf(decodeJson(agent[key])))
          total[key][k] = (total[key][k] ?? 0) + Number(v);
      }
    }
    return total;
  },
} satisfies ScalingGroupResolvers;

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

/** The arguments any (dis)associate field takes: a target and one or several scaling groups. */
type A = Partial<
  MutationAssociate_Scaling_Group_With_DomainArgs &
    MutationAssociate_Scaling_Groups_With_DomainArgs &
    MutationAssociate_Scaling_Group_With_User_GroupArgs &
    MutationAssociate_Scaling_Group_With_KeypairArgs
>;
const names = (a: A) => textItems(a.scaling_groups ?? [a.scaling_group]);
const targetOf = (kind: OwnerKind, a: A) =>
  (kind === 'domain' ? a.domain : kind === 'group' ? a.user_group?.toLowerCase() : a.access_key) ??
  '';
const assoc = (kind: OwnerKind, add: boolean) =>
  mutation(async (a: A, ctx) => associate(ctx, { kind, id: targetOf(kind, a) }, names(a), add));

export const scalingGroupMutations: MutationResolvers = {
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
  disassociate_all_scaling_groups_with_domain: mutation(async (a, ctx) => {
    await ctx.repos.scalingGroups.disassociateAll({ kind: 'domain', id: a.domain });
    return success;
  }),
  disassociate_all_scaling_groups_with_group: mutation(async (a, ctx) => {
    await ctx.repos.scalingGroups.disassociateAll({
      kind: 'group',
      id: a.user_group.toLowerCase(),
    });
    return success;
  }),
};
