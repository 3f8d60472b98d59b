import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { and, textOf } from '../helpers';
import { connection, connectionOf, planWindow } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import {
  heldImagePermissions,
  imageNames,
  imageStatus,
  imageVisibility,
} from '../relay/imageAccess';
import { localUuid } from '../relay/users';
import type { Document } from 'mongodb';
import { compileV2Filter, compileV2Order, type FilterRules, joinAnd } from './filters';
import type { V2ListArgs } from './keypairs';
import { matchesString } from './match';

const notFound = () => new GraphQLError('Image not found.', { extensions: { code: 'NOT_FOUND' } });

export const IMAGE_V2_RULES: FilterRules = {
  /** Stored images without a status are ALIVE, so ALIVE also matches a missing status. */
  status: {
    kind: 'nested',
    resolve: async (f) => {
      const withNull = (list: string[]) => (list.includes('ALIVE') ? [...list, null] : list);
      const parts: Document[] = [];
      if (typeof f.equals === 'string') parts.push({ status: { $in: withNull([f.equals]) } });
      // $nor of $in rather than $nin: the test server's $nin does not match a missing field with null.
      if (typeof f.notEquals === 'string')
        parts.push({ $nor: [{ status: { $in: withNull([f.notEquals]) } }] });
      if (Array.isArray(f.in)) parts.push({ status: { $in: withNull(f.in.map(String)) } });
      if (Array.isArray(f.notIn))
        parts.push({ $nor: [{ status: { $in: withNull(f.notIn.map(String)) } }] });
      return joinAnd(parts);
    },
  },
  name: { kind: 'string', path: 'ref' },
  architecture: { kind: 'string', path: 'architecture' },
  id: { kind: 'uuid', path: '_id' },
  alias: {
    kind: 'nested',
    resolve: async (f) =>
      await compileV2Filter(f.alias ? { a: f.alias } : {}, {
        a: { kind: 'string', path: 'aliases' },
      }),
  },
};
export const IMAGE_V2_ORDER: Record<string, string> = { NAME: 'ref' };

export const v2ImageQueries = {
  async imageV2(_: unknown, args: { id: string }, ctx: AdminContext) {
    const visible = await imageVisibility(ctx, 'read_attribute', null);
    const uuid = localUuid(args.id, 'ImageV2');
    const img = uuid
      ? await ctx.repos.images.findOne(and(...visible, { _id: { $eq: uuid } }))
      : null;
    if (!img) throw notFound();
    return img;
  },
  async adminImagesV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const filter = await compileV2Filter(args.filter, IMAGE_V2_RULES);
    return connection<RecordDoc>(
      ctx,
      {
        field: 'adminImagesV2',
        collection: 'images',
        filter,
        sort: compileV2Order(args.orderBy, IMAGE_V2_ORDER, [['ref', 1]]),
      },
      args,
    );
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
    args: V2ListArgs & { filter?: { alias?: Record<string, unknown> | null } | null },
    ctx: AdminContext,
  ) {
    const dir = args.orderBy?.[0]?.direction === 'DESC' ? -1 : 1;
    const list = ((img.aliases as string[] | undefined) ?? [])
      .filter((a) => matchesAlias(args.filter, a, img._id))
      .sort((x, y) => (x < y ? -dir : x > y ? dir : 0));
    const plan = planWindow(ctx, args, ['ImageV2.aliases', img._id, args.filter ?? null, dir]);
    const page = connectionOf(ctx, plan, list);
    return {
      ...page,
      edges: page.edges.map((e) => ({
        ...e,
        node: { id: toGlobalId('ImageV2Alias', `${img._id}:${e.node}`), alias: e.node },
      })),
    };
  },
};

type AliasFilter =
  | {
      alias?: Record<string, unknown> | null;
      imageId?: Record<string, unknown> | null;
      AND?: AliasFilter[] | null;
      OR?: AliasFilter[] | null;
      NOT?: AliasFilter[] | null;
    }
  | null
  | undefined;

function matchesAlias(f: AliasFilter, alias: string, imageId: string): boolean {
  if (!f) return true;
  if (f.alias && !matchesString(alias, f.alias)) return false;
  if (f.imageId) {
    const u = f.imageId as {
      equals?: string | null;
      in?: string[] | null;
      notEquals?: string | null;
      notIn?: string[] | null;
    };
    if (u.equals && u.equals.toLowerCase() !== imageId) return false;
    if (u.notEquals && u.notEquals.toLowerCase() === imageId) return false;
    if (u.in && !u.in.map((x) => x.toLowerCase()).includes(imageId)) return false;
    if (u.notIn && u.notIn.map((x) => x.toLowerCase()).includes(imageId)) return false;
  }
  if (f.AND && !f.AND.every((s) => matchesAlias(s, alias, imageId))) return false;
  if (f.OR && f.OR.length > 0 && !f.OR.some((s) => matchesAlias(s, alias, imageId))) return false;
  if (f.NOT && f.NOT.some((s) => matchesAlias(s, alias, imageId))) return false;
  return true;
}
