import type { AdminContext } from '../../context';
import type { DomainDoc } from '../../data/documents';
import { and, jsonFields } from '../helpers';
import { type ConnectionArgs, connection } from './connection';
import { DOMAIN_NODE_FIELDS } from './fields';
import { fromGlobalId, toGlobalId } from './globalId';
import { domainVisibility, NOTHING } from './permissions';
import { miniLanguage } from './users';

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
    if (!doc || visible.includes(NOTHING)) return null;
    return visible.every((c) => (c._id as { $eq: string }).$eq === doc._id) ? doc : null;
  },
  domain_nodes(_: unknown, args: ListArgs, ctx: AdminContext) {
    const visible = domainVisibility(ctx, args.permission);
    const { filter, sort } = miniLanguage(ctx, args, DOMAIN_NODE_FIELDS, '+name');
    return connection<DomainDoc>(
      ctx,
      { field: 'domain_nodes', collection: 'domains', filter: and(...visible, filter), sort },
      args,
    );
  },
};

export const DomainNode = {
  id: (d: DomainDoc) => toGlobalId('DomainNode', d._id),
  ...jsonFields('total_resource_slots', 'allowed_vfolder_hosts'),
};
