import { admits } from '../../data/connections/scope';
import type { DomainNodeResolvers, QueryResolvers } from '../../generated/resolvers';
import { jsonFields } from '../helpers';
import { windowOf } from './connection';
import { fromGlobalId, toGlobalId } from './globalId';
import { domainVisibility } from './permissions';

export const relayDomainQueries: QueryResolvers = {
  async domain_node(_, args, ctx) {
    const visible = domainVisibility(ctx, args.permission);
    const name = fromGlobalId(args.id, 'DomainNode') ?? args.id;
    const doc = await ctx.loaders.domainByName.load(name);
    return doc && admits(visible, { name: doc._id }) ? doc : null;
  },
  domain_nodes(_, args, ctx) {
    const visible = domainVisibility(ctx, args.permission);
    return ctx.connections.domains.page(visible, args, windowOf(ctx, args));
  },
};

export const DomainNode: DomainNodeResolvers = {
  id: (d) => toGlobalId('DomainNode', d._id),
  ...jsonFields('total_resource_slots', 'allowed_vfolder_hosts'),
};
