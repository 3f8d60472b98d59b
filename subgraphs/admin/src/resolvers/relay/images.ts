import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import type { FieldMap, FieldSpec, FieldType } from '../../minilang/compile';
import { requireUser } from '../../rules';
import { and } from '../helpers';
import { type ConnectionArgs, connection } from './connection';
import { toGlobalId } from './globalId';
import {
  heldImagePermissions,
  imageNames,
  imageStatus,
  imageVisibility,
  statusCondition,
} from './imageAccess';
import { localUuid, miniLanguage } from './users';

const f = (path: string, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  type,
  ...extra,
});

/** image_nodes `filter` and `order` fields; each path leads an index. */
export const IMAGE_NODE_FIELDS: FieldMap = {
  id: f('_id', 'uuid'),
  row_id: f('_id', 'uuid'),
  name: f('name', 'string'),
  namespace: f('name', 'string'),
  humanized_name: f('humanized_name', 'string'),
  tag: f('tag', 'string'),
  registry: f('registry', 'string'),
  architecture: f('architecture', 'string'),
  is_local: f('is_local', 'boolean'),
  digest: f('digest', 'string'),
  size_bytes: f('size_bytes', 'number'),
  installed: f('installed', 'boolean'),
  reference: f('ref', 'string'),
};

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
    return uuid ? ctx.repos.images.findOne(and(...visible, { _id: { $eq: uuid } })) : null;
  },
  async image_nodes(_: unknown, args: ListArgs, ctx: AdminContext) {
    const visible = await imageVisibility(ctx, args.permission, args.scope_id);
    const { filter, sort } = miniLanguage(ctx, args, IMAGE_NODE_FIELDS, '+reference');
    return connection<RecordDoc>(
      ctx,
      {
        field: 'image_nodes',
        collection: 'images',
        filter: and(...visible, statusCondition(args.filter_by_statuses), filter),
        sort,
      },
      args,
    );
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
