import { textOf } from '../helpers';
import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin } from '../../rules';
import { connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { compileV2Filter, compileV2Order, type FilterRules } from './filters';
import type { V2ListArgs } from './keypairs';
import { binarySize, slotEntries } from './slots';

export const PRESET_V2_RULES: FilterRules = {
  name: { kind: 'string', path: '_id' },
  resourceGroupName: { kind: 'string', path: 'scaling_group_name' },
};
export const PRESET_V2_ORDER: Record<string, string> = { NAME: '_id' };

export const v2PresetQueries = {
  async adminResourcePresetsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const filter = await compileV2Filter(args.filter, PRESET_V2_RULES);
    return connection<RecordDoc>(
      ctx,
      {
        field: 'adminResourcePresetsV2',
        collection: 'resource_presets',
        filter,
        sort: compileV2Order(args.orderBy, PRESET_V2_ORDER, [['_id', 1]]),
      },
      args,
    );
  },
};

export const ResourcePresetV2 = {
  id: (p: RecordDoc) => toGlobalId('ResourcePresetV2', p._id),
  name: (p: RecordDoc) => textOf(p.name, p._id),
  resourceSlots: (p: RecordDoc) => slotEntries(p.resource_slots),
  sharedMemory: (p: RecordDoc) =>
    typeof p.shared_memory === 'number' ? binarySize(p.shared_memory) : null,
  resourceGroupName: (p: RecordDoc) =>
    typeof p.scaling_group_name === 'string' ? p.scaling_group_name : null,
};
