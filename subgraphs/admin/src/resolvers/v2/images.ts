import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { AliasFilter } from '../../data/connections/match';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import {
  heldImagePermissions,
  imageNames,
  imageStatus,
  imageVisibility,
} from '../relay/imageAccess';
import { localUuid } from '../relay/users';
import type { V2ListArgs } from './args';

const notFound = () => new GraphQLError('Image not found.', { extensions: { code: 'NOT_FOUND' } });

/** ImageV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { IMAGE_V2_ORDER, IMAGE_V2_RULES } from '../../data/connections/images';

export const v2ImageQueries = {
  async imageV2(_: unknown, args: { id: string }, ctx: AdminContext) {
    const visible = await imageVisibility(ctx, 'read_attribute', null);
    const uuid = localUuid(args.id, 'ImageV2');
    const img = uuid ? await ctx.connections.images.byId(uuid, visible) : null;
    if (!img) throw notFound();
    return img;
  },
  async adminImagesV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.images.pageV2(args, windowOf(ctx, args));
  },
};

const kv = (list: unknown) =>
  (Array.isArray(list) ? list : []).map((e: { key?: unknown; value?: unknown }) => ({
    key: textOf(e.key),
    value: textOf(e.value),
  }));

export const ImageV2 = {
  id: (img: RecordDoc) => toGlobalId('ImageV2', img._id),
  identity: (img: RecordDoc) => ({
    canonicalName: String(img.ref),
    namespace: imageNames(img).namespace,
    architecture: String(img.architecture),
  }),
  metadata: (img: RecordDoc) => ({
    digest: img.digest ?? null,
    sizeBytes: typeof img.size_bytes === 'number' ? img.size_bytes : 0,
    createdAt: null,
    lastUsedAt: null,
    tags: [],
    labels: kv(img.labels),
    status: imageStatus(img),
  }),
  requirements: (img: RecordDoc) => ({
    supportedAccelerators: ((img.supported_accelerators as string[] | undefined) ?? []).map(String),
    resourceLimits: (Array.isArray(img.resource_limits) ? img.resource_limits : []).map(
      (r: { key?: unknown; min?: unknown; max?: unknown }) => ({
        key: textOf(r.key),
        min: textOf(r.min, '0'),
        max: textOf(r.max, 'Infinity'),
      }),
    ),
  }),
  permission: (_: RecordDoc, __: unknown, ctx: AdminContext) => ({
    permissions: heldImagePermissions(requireUser(ctx.auth).role)
      .filter((p) => p !== 'read_sensitive_attribute')
      .map((p) => p.toUpperCase()),
  }),
  lastUsed: () => null,
  /** The image's aliases, filtered and paged in memory (they live on the image). */
  aliases(
    img: RecordDoc,
    args: Omit<V2ListArgs, 'filter'> & { filter?: AliasFilter },
    ctx: AdminContext,
  ) {
    const aliases = (img.aliases as string[] | undefined) ?? [];
    const page = ctx.connections.images.aliasesV2(
      { _id: img._id, aliases },
      args,
      windowOf(ctx, args),
    );
    return {
      ...page,
      edges: page.edges.map((e) => ({
        ...e,
        node: { id: toGlobalId('ImageV2Alias', `${img._id}:${e.node}`), alias: e.node },
      })),
    };
  },
};
