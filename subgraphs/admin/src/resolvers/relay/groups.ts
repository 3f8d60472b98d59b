import type {
  GroupNodeResolvers,
  QueryResolvers,
  UserNodeResolvers,
} from '../../generated/resolvers';
import { jsonFields } from '../helpers';
import { windowOf } from './connection';
import { toGlobalId } from './globalId';
import { canSeeGroup, groupVisibility, nestedUserVisibility } from './permissions';
import { localUuid } from './users';

export const relayGroupQueries: QueryResolvers = {
  async group_node(_, args, ctx) {
    const uuid = localUuid(args.id, 'GroupNode');
    const group = uuid ? await ctx.loaders.groupById.load(uuid) : null;
    return group && (await canSeeGroup(ctx, group)) ? group : null;
  },
  async group_nodes(_, args, ctx) {
    const visible = await groupVisibility(ctx, args.permission, args.scope);
    return ctx.connections.groups.page(visible, args, windowOf(ctx, args));
  },
};

export const GroupNode: GroupNodeResolvers = {
  id: (g) => toGlobalId('GroupNode', g._id),
  row_id: (g) => g._id,
  ...jsonFields('total_resource_slots', 'allowed_vfolder_hosts', 'container_registry'),
  scaling_groups: (g, _, ctx) => ctx.loaders.scalingGroupsByOwner.load(`group:${g._id}`),
  /** Members, batched over the page: two queries per distinct filter/order. */
  user_nodes(g, args, ctx) {
    const visible = nestedUserVisibility(ctx);
    return ctx.connections.users.ofGroup(g._id, visible, args, windowOf(ctx, args));
  },
};

/** UserNode.project_nodes: the user's groups the caller may read, batched over the page. */
export const projectNodes: UserNodeResolvers['project_nodes'] = async (u, args, ctx) => {
  const visible = await groupVisibility(ctx, 'read_attribute');
  return ctx.connections.groups.ofUser(u._id, visible, args, windowOf(ctx, args));
};
