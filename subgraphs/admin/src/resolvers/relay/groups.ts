import type { AdminContext } from '../../context';
import type { GroupDoc, UserDoc } from '../../data/documents';
import { USER_FIELDS } from '../../minilang/fields';
import { and, jsonFields } from '../helpers';
import { type ConnectionArgs, connection } from './connection';
import { GROUP_NODE_FIELDS } from './fields';
import { toGlobalId } from './globalId';
import { membershipConnection } from './nested';
import { canSeeGroup, groupVisibility, nestedUserVisibility } from './permissions';
import { localUuid, miniLanguage } from './users';

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
    const { filter, sort } = miniLanguage(ctx, args, GROUP_NODE_FIELDS, '+name');
    return connection<GroupDoc>(
      ctx,
      { field: 'group_nodes', collection: 'groups', filter: and(...visible, filter), sort },
      args,
    );
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
    const { filter, sort } = miniLanguage(ctx, args, USER_FIELDS, '-created_at');
    const side = {
      field: 'GroupNode.user_nodes',
      parentKey: 'group_id',
      childKey: 'user_id',
      collection: 'users',
    } as const;
    return membershipConnection<UserDoc>(
      ctx,
      side,
      g._id,
      { filter: and(...nestedUserVisibility(ctx), filter), sort },
      args,
    );
  },
};

/** UserNode.project_nodes: the user's groups the caller may read, batched over the page. */
export async function projectNodes(u: UserDoc, args: ListArgs, ctx: AdminContext) {
  const visible = await groupVisibility(ctx, 'read_attribute');
  const { filter, sort } = miniLanguage(ctx, args, GROUP_NODE_FIELDS, '+name');
  const side = {
    field: 'UserNode.project_nodes',
    parentKey: 'user_id',
    childKey: 'group_id',
    collection: 'groups',
  } as const;
  return membershipConnection<GroupDoc>(
    ctx,
    side,
    u._id,
    { filter: and(...visible, filter), sort },
    args,
  );
}
