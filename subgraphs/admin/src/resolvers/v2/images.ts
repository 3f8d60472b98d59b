import { GraphQLError } from 'graphql';
import type {
  ImageV2Permission,
  ImageV2Resolvers,
  QueryResolvers,
} from '../../generated/resolvers';
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
import { listOf, membersOf, textOrNull } from '../stored';

const IMAGE_V2_PERMISSIONS: readonly ImageV2Permission[] = [
  'READ_ATTRIBUTE',
  'CREATE_CONTAINER',
  'UPDATE_ATTRIBUTE',
  'FORGET_IMAGE',
];

const notFound = () => new GraphQLError('Image not found.', { extensions: { code: 'NOT_FOUND' } });

/** ImageV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { IMAGE_V2_ORDER, IMAGE_V2_RULES } from '../../data/connections/images';

export const v2ImageQueries: QueryResolvers = {
  async imageV2(_, args, ctx) {
    const visible = await imageVisibility(ctx, 'read_attribute', null);
    const uuid = localUuid(args.id, 'ImageV2');
    const img = uuid ? await ctx.connections.images.byId(uuid, visible) : null;
    if (!img) throw notFound();
    return img;
  },
  async adminImagesV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.images.pageV2(args, windowOf(ctx, args));
  },
};

const kv = (list: unknown) =>
  (Array.isArray(list) ? list : []).map((e: { key?: unknown; value?: unknown }) => ({
    key: textOf(e.key),
    value: textOf(e.value),
  }));

export const ImageV2: ImageV2Resolvers = {
  id: (img) => toGlobalId('ImageV2', img._id),
  identity: (img) => ({
    canonicalName: String(img.ref),
    namespace: imageNames(img).namespace,
    architecture: String(img.architecture),
  }),
  metadata: (img) => ({
    digest: textOrNull(img.digest),
    sizeBytes: typeof img.size_bytes === 'number' ? img.size_bytes : 0,
    createdAt: null,
    lastUsedAt: null,
    tags: [],
    labels: kv(img.labels),
    status: imageStatus(img),
  }),
  requirements: (img) => ({
    supportedAccelerators: listOf(img.supported_accelerators).map(String),
    resourceLimits: (Array.isArray(img.resource_limits) ? img.resource_limits : []).map(
      (r: { key?: unknown; min?: unknown; max?: unknown }) => ({
        key: textOf(r.key),
        min: textOf(r.min, '0'),
        max: textOf(r.max, 'Infinity'),
      }),
    ),
  }),
  /** Those of the caller's image permissions that have a V2 name (read_sensitive_attribute has none). */
  permission: (_, __, ctx) => ({
    permissions: membersOf(
      IMAGE_V2_PERMISSIONS,
      heldImagePermissions(requireUser(ctx.auth).role).map((p) => p.toUpperCase()),
    ),
  }),
  lastUsed: () => null,
  /** The image's aliases, filtered and paged in memory (they live on the image). */
  aliases(img, args, ctx) {
    const aliases = listOf(img.aliases).filter((a) => typeof a === 'string');
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
