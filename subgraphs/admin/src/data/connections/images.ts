import type { Document } from 'mongodb';
import type { RecordDoc } from '../documents';
import { IMAGE_NODE_FIELDS } from './fields';
import { type AliasFilter, matchesAlias } from './match';
import { compileMiniList, type MiniList } from './miniLanguage';
import { allOf, idIs, scopeConditions } from './mongoFilter';
import type { ConnectionStore } from './reader';
import type { ImageScope } from './scope';
import { compileV2Filter, type FilterRules, joinAnd, type V2OrderBy } from './v2Filter';
import { compileV2List, type V2List, type V2Spec } from './v2List';
import { type Connection, connectionOf, type PageWindow, planWindow } from './window';

const PATHS = { registry: 'registry' } as const;

/** Stored images without a status are ALIVE, so ALIVE also matches a missing status. */
const withNull = (list: string[]) => (list.includes('ALIVE') ? [...list, null] : list);

export const IMAGE_V2_RULES: FilterRules = {
  status: {
    kind: 'nested',
    resolve: async (f) => {
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
    resolve: async (f, lookup) =>
      await compileV2Filter(
        f.alias ? { a: f.alias } : {},
        { a: { kind: 'string', path: 'aliases' } },
        lookup,
      ),
  },
};
export const IMAGE_V2_ORDER: Record<string, string> = { NAME: 'ref' };

const V2: V2Spec = { rules: IMAGE_V2_RULES, order: IMAGE_V2_ORDER, fallback: [['ref', 1]] };

/** image_nodes' `filter_by_statuses` (a missing status reads ALIVE). */
function statusesAre(statuses: readonly (string | null)[] | null | undefined) {
  if (!statuses) return undefined;
  const list = statuses.filter((s): s is string => typeof s === 'string');
  return list.includes('ALIVE') ? { status: { $in: [...list, null] } } : { status: { $in: list } };
}

/** Images: image_node(s), imageV2, adminImagesV2 and an image's aliases. */
export class ImageConnections {
  constructor(private readonly reads: ConnectionStore) {}

  /** image_nodes under `scope`, optionally only images in one of `statuses`. */
  page(
    scope: ImageScope,
    statuses: readonly (string | null)[] | null | undefined,
    list: MiniList,
    window: PageWindow,
  ) {
    const { filter, sort } = compileMiniList(list, IMAGE_NODE_FIELDS, '+reference');
    const where = allOf(...scopeConditions(scope, PATHS), statusesAre(statuses), filter);
    return this.reads.page<RecordDoc>(
      { field: 'image_nodes', collection: 'images', filter: where, sort },
      window,
    );
  }

  /** One image the scope admits, or null. */
  byId(id: string, scope: ImageScope): Promise<RecordDoc | null> {
    return this.reads.findOne<RecordDoc>(
      'images',
      allOf(...scopeConditions(scope, PATHS), idIs(id)),
    );
  }

  /** adminImagesV2 (every image: superadmins only reach it). */
  async pageV2(list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.reads.page<RecordDoc>(
      { field: 'adminImagesV2', collection: 'images', filter, sort },
      window,
    );
  }

  /** ImageV2.aliases: one image's aliases, filtered, ordered and paged in memory. */
  aliasesV2(
    image: { _id: string; aliases: readonly string[] },
    list: { filter?: AliasFilter; orderBy?: V2OrderBy },
    window: PageWindow,
  ): Connection<string> {
    const dir = list.orderBy?.[0]?.direction === 'DESC' ? -1 : 1;
    const ordered = image.aliases
      .filter((a) => matchesAlias(list.filter, a, image._id))
      .sort((x, y) => (x < y ? -dir : x > y ? dir : 0));
    const plan = planWindow(this.reads.cursors, window, [
      'ImageV2.aliases',
      image._id,
      list.filter ?? null,
      dir,
    ]);
    return connectionOf(this.reads.cursors, plan, ordered);
  }
}
