import type { AdminContext } from '../../context';
import { DEFAULT_RESOURCE_GROUP } from '../../data/connections/resourceGroups';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin } from '../../rules';
import { textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { V2ListArgs } from './args';

/** ResourceGroupFilter's rules and order live with the queries; named here for the listing-index test. */
export { RESOURCE_GROUP_ORDER, RESOURCE_GROUP_RULES } from '../../data/connections/resourceGroups';

function list(field: 'adminResourceGroups' | 'resourceGroups') {
  return async (_: unknown, args: V2ListArgs, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return ctx.connections.resourceGroups.pageV2(field, args, windowOf(ctx, args));
  };
}

export const v2ResourceGroupQueries = {
  adminResourceGroups: list('adminResourceGroups'),
  resourceGroups: list('resourceGroups'),
};

const SCHEDULERS: Record<string, string> = {
  fifo: 'FIFO',
  lifo: 'LIFO',
  drf: 'DRF',
  'fair-share': 'FAIR_SHARE',
  fair_share: 'FAIR_SHARE',
};

export const ResourceGroup = {
  id: (g: RecordDoc) => toGlobalId('ResourceGroup', g._id),
  name: (g: RecordDoc) => textOf(g.name, g._id),
  status: (g: RecordDoc) => ({
    isActive: g.is_active === true,
    isPublic: g.is_public === true,
    isDefault: g._id === DEFAULT_RESOURCE_GROUP,
  }),
  metadata: (g: RecordDoc) => ({ description: g.description ?? null, createdAt: g.created_at }),
  network: (g: RecordDoc) => ({
    wsproxyAddr: g.wsproxy_addr ?? null,
    useHostNetwork: g.use_host_network === true,
  }),
  scheduler: (g: RecordDoc) => ({
    type: SCHEDULERS[textOf(g.scheduler, 'fifo').toLowerCase()] ?? 'FIFO',
  }),
};
