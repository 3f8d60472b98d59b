import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { requireUser } from '../../rules';
import { type ConnectionArgs, windowOf } from './connection';
import { toGlobalId } from './globalId';
import { heldImagePermissions, imageNames, imageStatus, imageVisibility } from './imageAccess';
import { localUuid } from './users';

/** The image_nodes whitelist lives with the queries; named here too for the listing-index test. */
export { IMAGE_NODE_FIELDS } from '../../data/connections/fields';

type ListArgs = ConnectionArgs & {
  filter?: string | null;
  order?: string | null;
  scope_id?: string | null;
  permission?: string | null;
  filter_by_statuses?: (string | null)[] | null;
};

export const relayImageQueries = {
  async image_node(
    _: unknown,
    args: { id: string; scope_id?: string | null; permission?: string | null },
    ctx: AdminContext,
  ) {
    const visible = await imageVisibility(ctx, args.permission, args.scope_id);
    const uuid = localUuid(args.id, 'ImageNode');
    return uuid ? ctx.connections.images.byId(uuid, visible) : null;
  },
  async image_nodes(_: unknown, args: ListArgs, ctx: AdminContext) {
    const visible = await imageVisibility(ctx, args.permission, args.scope_id);
    return ctx.connections.images.page(visible, args.filter_by_statuses, args, windowOf(ctx, args));
  },
};

export const ImageNode = {
  id: (img: RecordDoc) => toGlobalId('ImageNode', img._id),
  row_id: (img: RecordDoc) => img._id,
  namespace: (img: RecordDoc) => imageNames(img).namespace,
  base_image_name: (img: RecordDoc) => imageNames(img).base,
  project: (img: RecordDoc) => imageNames(img).project,
  humanized_name: (img: RecordDoc) => img.humanized_name ?? img.name,
  tags: () => null,
  version: () => null,
  status: imageStatus,
  aliases: (img: RecordDoc) => img.aliases ?? [],
  permissions: (_: RecordDoc, __: unknown, ctx: AdminContext) =>
    heldImagePermissions(requireUser(ctx.auth).role),
  type: (img: RecordDoc) => (img.is_operation === true ? 'SYSTEM' : 'COMPUTE'),
};
