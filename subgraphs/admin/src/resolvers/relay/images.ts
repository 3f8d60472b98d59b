import type { ImageNodeResolvers, QueryResolvers } from '../../generated/resolvers';
import { requireUser } from '../../rules';
import { textList, textOrNull } from '../stored';
import { windowOf } from './connection';
import { toGlobalId } from './globalId';
import { heldImagePermissions, imageNames, imageStatus, imageVisibility } from './imageAccess';
import { localUuid } from './users';

/** The image_nodes whitelist lives with the queries; named here too for the listing-index test. */
export { IMAGE_NODE_FIELDS } from '../../data/connections/fields';

export const relayImageQueries: QueryResolvers = {
  async image_node(_, args, ctx) {
    const visible = await imageVisibility(ctx, args.permission, args.scope_id);
    const uuid = localUuid(args.id, 'ImageNode');
    return uuid ? ctx.connections.images.byId(uuid, visible) : null;
  },
  async image_nodes(_, args, ctx) {
    const visible = await imageVisibility(ctx, args.permission, args.scope_id);
    return ctx.connections.images.page(visible, args.filter_by_statuses, args, windowOf(ctx, args));
  },
};

export const ImageNode: ImageNodeResolvers = {
  id: (img) => toGlobalId('ImageNode', img._id),
  row_id: (img) => img._id,
  namespace: (img) => imageNames(img).namespace,
  base_image_name: (img) => imageNames(img).base,
  project: (img) => imageNames(img).project,
  humanized_name: (img) => textOrNull(img.humanized_name ?? img.name),
  tags: () => null,
  version: () => null,
  status: imageStatus,
  aliases: (img) => textList(img.aliases),
  permissions: (_, __, ctx) => heldImagePermissions(requireUser(ctx.auth).role),
  type: (img) => (img.is_operation === true ? 'SYSTEM' : 'COMPUTE'),
};
