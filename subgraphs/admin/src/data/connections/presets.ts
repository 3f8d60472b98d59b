import type { RecordDoc } from '../documents';
import type { ConnectionStore } from './reader';
import type { FilterRules } from './v2Filter';
import { compileV2List, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

export const PRESET_V2_RULES: FilterRules = {
  name: { kind: 'string', path: '_id' },
  resourceGroupName: { kind: 'string', path: 'scaling_group_name' },
};
export const PRESET_V2_ORDER: Record<string, string> = { NAME: '_id' };

const V2: V2Spec = { rules: PRESET_V2_RULES, order: PRESET_V2_ORDER, fallback: [['_id', 1]] };

/** Pages of resource presets: adminResourcePresetsV2. */
export class PresetConnections {
  constructor(private readonly reads: ConnectionStore) {}

  /** Every preset (superadmins only reach it). */
  async pageV2(list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.reads.page<RecordDoc>(
      { field: 'adminResourcePresetsV2', collection: 'resource_presets', filter, sort },
      window,
    );
  }
}
