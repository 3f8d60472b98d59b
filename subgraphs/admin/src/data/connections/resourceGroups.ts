import type { RecordDoc } from '../documents';
import type { ConnectionStore } from './reader';
import type { FilterRules } from './v2Filter';
import { compileV2List, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

/** The default resource group is the one named "default" (no marker is stored). */
export const DEFAULT_RESOURCE_GROUP = 'default';

export const RESOURCE_GROUP_RULES: FilterRules = {
  name: { kind: 'string', path: '_id' },
  description: { kind: 'string', path: 'description' },
  isActive: { kind: 'bool', path: 'is_active' },
  isPublic: { kind: 'bool', path: 'is_public' },
  isDefault: {
    kind: 'nested',
    resolve: async (v) =>
      (v as unknown) === true
        ? { _id: { $eq: DEFAULT_RESOURCE_GROUP } }
        : { _id: { $ne: DEFAULT_RESOURCE_GROUP } },
  },
};
export const RESOURCE_GROUP_ORDER: Record<string, string> = {
  NAME: '_id',
  CREATED_AT: 'created_at',
  IS_ACTIVE: 'is_active',
};

const V2: V2Spec = {
  rules: RESOURCE_GROUP_RULES,
  order: RESOURCE_GROUP_ORDER,
  fallback: [['_id', 1]],
};

/** Pages of resource (scaling) groups: adminResourceGroups and resourceGroups. */
export class ResourceGroupConnections {
  constructor(private readonly reads: ConnectionStore) {}

  /** Every resource group (superadmins only reach either field). */
  async pageV2(field: 'adminResourceGroups' | 'resourceGroups', list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.reads.page<RecordDoc>(
      { field, collection: 'scaling_groups', filter, sort },
      window,
    );
  }
}
