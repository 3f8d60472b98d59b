import type { QueryResolvers, ResourcePresetV2Resolvers } from '../../generated/resolvers';
import { requireSuperadmin } from '../../rules';
import { textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { binarySize, slotEntries } from './slots';

/** ResourcePresetV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { PRESET_V2_ORDER, PRESET_V2_RULES } from '../../data/connections/presets';

export const v2PresetQueries: QueryResolvers = {
  async adminResourcePresetsV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.presets.pageV2(args, windowOf(ctx, args));
  },
};

export const ResourcePresetV2: ResourcePresetV2Resolvers = {
  id: (p) => toGlobalId('ResourcePresetV2', p._id),
  name: (p) => textOf(p.name, p._id),
  resourceSlots: (p) => slotEntries(p.resource_slots),
  sharedMemory: (p) => (typeof p.shared_memory === 'number' ? binarySize(p.shared_memory) : null),
  resourceGroupName: (p) =>
    typeof p.scaling_group_name === 'string' ? p.scaling_group_name : null,
};
