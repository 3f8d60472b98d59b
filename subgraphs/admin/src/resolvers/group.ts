import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import type { GroupDoc } from '../data/documents';
import type { MemberChange, NewGroup } from '../data/groupsRepository';
import { ownerKey } from '../data/scalingGroupsRepository';
import type { GroupResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers';
import {
  denied,
  insufficientPrivilege,
  isDomainReader,
  mayChangeInDomain,
  requireOwnDomain,
  requireUser,
} from '../rules';
import { groupListScope } from '../scopes';
import { jsonFields, mutation, noMatch, patchOf, success, textItems } from './helpers';

const JSON_PROPS = ['total_resource_slots', 'allowed_vfolder_hosts', 'container_registry'] as const;

/** SA any group; admins and monitors their domain's; plain users only groups they belong to. */
async function assertCanSee(ctx: AdminContext, group: GroupDoc): Promise<void> {
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return;
  if (isDomainReader(me)) {
    if (group.domain_name !== me.domain) throw insufficientPrivilege();
    return;
  }
  if (!(await ownGroupIds(ctx, me.uuid)).includes(group._id)) throw insufficientPrivilege();
}

const ownGroupIds = async (ctx: AdminContext, userId: string) =>
  (await ctx.loaders.membershipsByUser.load(userId)).map((m) => m.group_id);

/** The `type` arguments, upper-cased (a null item names no type). */
const upperAll = (types: (string | null)[]) => textItems(types).map((t) => t.toUpperCase());

export const groupQueries: QueryResolvers = {
  async group(_, args, ctx) {
    requireOwnDomain(requireUser(ctx.auth), args.domain_name);
    const group = await ctx.loaders.groupById.load(args.id);
    if (!group || (args.domain_name && group.domain_name !== args.domain_name)) return null;
    if (args.type && args.type.length > 0 && !upperAll(args.type).includes(group.type)) return null;
    await assertCanSee(ctx, group);
    return group;
  },
  async groups_by_name(_, args, ctx) {
    requireOwnDomain(requireUser(ctx.auth), args.domain_name);
    const groups = await ctx.repos.groups.byName(args.name, args.domain_name || undefined);
    for (const g of groups) await assertCanSee(ctx, g);
    return groups;
  },
  async groups(_, args, ctx) {
    const scope = await groupListScope(ctx.auth, args.domain_name, () =>
      ownGroupIds(ctx, requireUser(ctx.auth).uuid),
    );
    return ctx.repos.groups.list({
      ...scope,
      isActive: typeof args.is_active === 'boolean' ? args.is_active : undefined,
      types: args.type ? upperAll(args.type) : undefined,
    });
  },
};

export const Group: GroupResolvers = {
  id: (g) => g._id,
  ...jsonFields(...JSON_PROPS),
  scaling_groups: (g, _, ctx) =>
    ctx.loaders.scalingGroupsByOwner.load(ownerKey({ kind: 'group', id: g._id })),
};

function groupType(t: string | null | undefined): string {
  const v = (t ?? 'GENERAL').toUpperCase();
  if (v !== 'GENERAL' && v !== 'MODEL_STORE')
    throw new GraphQLError(`type must be GENERAL or MODEL_STORE, got "${t}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return v;
}

export const groupMutations: MutationResolvers = {
  create_group: mutation(async ({ name, props }, ctx) => {
    if (!mayChangeInDomain(ctx.auth, props.domain_name)) return denied('create_group');
    const group = await ctx.repos.groups.create({
      description: '',
      is_active: true,
      integration_id: null,
      resource_policy: 'default',
      ...patchOf<NewGroup>(props, JSON_PROPS),
      total_resource_slots: JSON.stringify(props.total_resource_slots ?? {}),
      allowed_vfolder_hosts: JSON.stringify(props.allowed_vfolder_hosts ?? {}),
      container_registry: JSON.stringify(props.container_registry ?? {}),
      type: groupType(props.type),
      name,
      domain_name: props.domain_name,
    });
    return { ...success, group };
  }),
  modify_group: mutation(async ({ gid, props }, ctx) => {
    const current = await ctx.repos.groups.byId(gid);
    if (
      !mayChangeInDomain(ctx.auth, current?.domain_name) ||
      (props.domain_name && !mayChangeInDomain(ctx.auth, props.domain_name))
    ) {
      return denied('modify_group');
    }
    if (!current) return noMatch('group');
    const { user_update_mode: mode, user_uuids: uuids, ...rest } = props;
    if (mode && mode !== 'add' && mode !== 'remove')
      return { ok: false, msg: 'user_update_mode must be "add" or "remove"' };
    const userIds = textItems(uuids ?? []).map((u) => u.toLowerCase());
    const set = patchOf<GroupDoc>(rest, JSON_PROPS);
    const members: MemberChange | undefined =
      mode === 'add' || mode === 'remove' ? { mode, userIds } : undefined;
    const group = await ctx.repos.groups.modify(current, set, members);
    return { ...success, group };
  }),
  delete_group: mutation(async ({ gid }, ctx) => {
    const current = await ctx.repos.groups.byId(gid);
    if (!mayChangeInDomain(ctx.auth, current?.domain_name)) return denied('delete_group');
    if (!current) return noMatch('group');
    await ctx.repos.groups.deactivate(gid);
    return success;
  }),
  purge_group: mutation(async ({ gid }, ctx) => {
    const current = await ctx.repos.groups.byId(gid);
    if (!mayChangeInDomain(ctx.auth, current?.domain_name)) return denied('purge_group');
    if (!current) return noMatch('group');
    await ctx.repos.groups.purge(gid);
    return success;
  }),
};
