import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin } from '../../rules';
import { textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { V2ListArgs } from './args';
import { binarySize, slotEntries } from './slots';

/** ResourcePresetV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { PRESET_V2_ORDER, PRESET_V2_RULES } from '../../data/connections/presets';

export const v2PresetQueries = {
  async adminResourcePresetsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.presets.pageV2(args, windowOf(ctx, args));
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
