import type { AdminContext } from '../../context';
import { admits } from '../../data/connections/scope';
import type { DomainDoc } from '../../data/documents';
import { jsonFields } from '../helpers';
import { type ConnectionArgs, windowOf } from './connection';
import { fromGlobalId, toGlobalId } from './globalId';
import { domainVisibility } from './permissions';

type ListArgs = ConnectionArgs & {
  filter?: string | null;
  order?: string | null;
  permission?: string | null;
};

export const relayDomainQueries = {
  async domain_node(
    _: unknown,
    args: { id: string; permission?: string | null },
    ctx: AdminContext,
  ) {
    const visible = domainVisibility(ctx, args.permission);
    const name = fromGlobalId(args.id, 'DomainNode') ?? args.id;
    const doc = await ctx.loaders.domainByName.load(name);
    return doc && admits(visible, { name: doc._id }) ? doc : null;
  },
  domain_nodes(_: unknown, args: ListArgs, ctx: AdminContext) {
    const visible = domainVisibility(ctx, args.permission);
    return ctx.connections.domains.page(visible, args, windowOf(ctx, args));
  },
};

export const DomainNode = {
  id: (d: DomainDoc) => toGlobalId('DomainNode', d._id),
  ...jsonFields('total_resource_slots', 'allowed_vfolder_hosts'),
};
