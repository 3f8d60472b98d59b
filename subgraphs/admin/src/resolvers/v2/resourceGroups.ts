import type { AdminContext } from '../../context';
import type {
  QueryResolvers,
  ResourceGroupResolvers,
  SchedulerType,
} from '../../generated/resolvers';
import { DEFAULT_RESOURCE_GROUP } from '../../data/connections/resourceGroups';
import { requireSuperadmin } from '../../rules';
import { textOf } from '../helpers';
import { textOrNull, timeOf } from '../stored';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { V2ListArgs } from './args';

/** ResourceGroupFilter's rules and order live with the queries; named here for the listing-index test. */
export { RESOURCE_GROUP_ORDER, RESOURCE_GROUP_RULES } from '../../data/connections/resourceGroups';

async function list(
  ctx: AdminContext,
  field: 'adminResourceGroups' | 'resourceGroups',
  args: V2ListArgs,
) {
  requireSuperadmin(ctx.auth);
  return ctx.connections.resourceGroups.pageV2(field, args, windowOf(ctx, args));
}

export const v2ResourceGroupQueries: QueryResolvers = {
  adminResourceGroups: (_, args, ctx) => list(ctx, 'adminResourceGroups', args),
  resourceGroups: (_, args, ctx) => list(ctx, 'resourceGroups', args),
};

const SCHEDULERS: Record<string, SchedulerType> = {
  fifo: 'FIFO',
  lifo: 'LIFO',
  drf: 'DRF',
  'fair-share': 'FAIR_SHARE',
  fair_share: 'FAIR_SHARE',
};

export const ResourceGroup: ResourceGroupResolvers = {
  id: (g) => toGlobalId('ResourceGroup', g._id),
  name: (g) => textOf(g.name, g._id),
  status: (g) => ({
    isActive: g.is_active === true,
    isPublic: g.is_public === true,
    isDefault: g._id === DEFAULT_RESOURCE_GROUP,
  }),
  metadata: (g) => ({
    description: textOrNull(g.description),
    createdAt: timeOf(g.created_at, 'ResourceGroupMetadata.createdAt'),
  }),
  network: (g) => ({
    wsproxyAddr: textOrNull(g.wsproxy_addr),
    useHostNetwork: g.use_host_network === true,
  }),
  scheduler: (g) => ({
    type: SCHEDULERS[textOf(g.scheduler, 'fifo').toLowerCase()] ?? 'FIFO',
  }),
};
