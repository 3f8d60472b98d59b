import { textOf } from '../helpers';
import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin } from '../../rules';
import { connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { compileV2Filter, compileV2Order, type FilterRules } from './filters';
import type { V2ListArgs } from './keypairs';

/** The default resource group is the one named "default" (no marker is stored). */
const DEFAULT = 'default';

export const RESOURCE_GROUP_RULES: FilterRules = {
  name: { kind: 'string', path: '_id' },
  description: { kind: 'string', path: 'description' },
  isActive: { kind: 'bool', path: 'is_active' },
  isPublic: { kind: 'bool', path: 'is_public' },
  isDefault: {
    kind: 'nested',
    resolve: async (v) =>
      (v as unknown) === true ? { _id: { $eq: DEFAULT } } : { _id: { $ne: DEFAULT } },
  },
};
export const RESOURCE_GROUP_ORDER: Record<string, string> = {
  NAME: '_id',
  CREATED_AT: 'created_at',
  IS_ACTIVE: 'is_active',
};

function list(field: string) {
  return async (_: unknown, args: V2ListArgs, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    const filter = await compileV2Filter(args.filter, RESOURCE_GROUP_RULES);
    return connection<RecordDoc>(
      ctx,
      {
        field,
        collection: 'scaling_groups',
        filter,
        sort: compileV2Order(args.orderBy, RESOURCE_GROUP_ORDER, [['_id', 1]]),
      },
      args,
    );
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
    isDefault: g._id === DEFAULT,
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
