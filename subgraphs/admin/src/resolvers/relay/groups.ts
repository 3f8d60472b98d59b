import type { AdminContext } from '../../context';
import type { GroupDoc, UserDoc } from '../../data/documents';
import { jsonFields } from '../helpers';
import { type ConnectionArgs, windowOf } from './connection';
import { toGlobalId } from './globalId';
import { canSeeGroup, groupVisibility, nestedUserVisibility } from './permissions';
import { localUuid } from './users';

type ListArgs = ConnectionArgs & { filter?: string | null; order?: string | null };

export const relayGroupQueries = {
  async group_node(_: unknown, args: { id: string }, ctx: AdminContext) {
    const uuid = localUuid(args.id, 'GroupNode');
    const group = uuid ? await ctx.loaders.groupById.load(uuid) : null;
    return group && (await canSeeGroup(ctx, group)) ? group : null;
  },
  async group_nodes(
    _: unknown,
    args: ListArgs & { scope?: string | null; permission?: string | null },
    ctx: AdminContext,
  ) {
    const visible = await groupVisibility(ctx, args.permission, args.scope);
    return ctx.connections.groups.page(visible, args, windowOf(ctx, args));
  },
};

export const GroupNode = {
  id: (g: GroupDoc) => toGlobalId('GroupNode', g._id),
  row_id: (g: GroupDoc) => g._id,
  ...jsonFields('total_resource_slots', 'allowed_vfolder_hosts', 'container_registry'),
  scaling_groups: (g: GroupDoc, _: unknown, ctx: AdminContext) =>
    ctx.loaders.scalingGroupsByOwner.load(`group:${g._id}`),
  /** Members, batched over the page: two queries per distinct filter/order. */
  user_nodes(g: GroupDoc, args: ListArgs, ctx: AdminContext) {
    const visible = nestedUserVisibility(ctx);
    return ctx.connections.users.ofGroup(g._id, visible, args, windowOf(ctx, args));
  },
};

/** UserNode.project_nodes: the user's groups the caller may read, batched over the page. */
export async function projectNodes(u: UserDoc, args: ListArgs, ctx: AdminContext) {
  const visible = await groupVisibility(ctx, 'read_attribute');
  return ctx.connections.groups.ofUser(u._id, visible, args, windowOf(ctx, args));
}
