import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { DomainV2Resolvers, QueryResolvers } from '../../generated/resolvers';
import { DOMAIN_V2_ORDER, DOMAIN_V2_RULES } from '../../data/connections/domains';
import { requireSuperadmin, requireUser } from '../../rules';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { FilterRules } from './filters';

const notFound = () => new GraphQLError('Domain not found.', { extensions: { code: 'NOT_FOUND' } });

/** DomainV2Filter's rules and order (data/connections/domains.ts), named here for the listing-index test. */
export { DOMAIN_V2_ORDER };
export const domainV2Rules = (_ctx?: AdminContext): FilterRules => DOMAIN_V2_RULES;

export const v2DomainQueries: QueryResolvers = {
  async domainV2(_, args, ctx) {
    const me = requireUser(ctx.auth);
    if (me.role !== 'superadmin' && args.domainName !== me.domain) throw notFound();
    const doc = await ctx.loaders.domainByName.load(args.domainName);
    if (!doc) throw notFound();
    return doc;
  },
  async adminDomainsV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.domains.pageV2(args, windowOf(ctx, args));
  },
};

export const DomainV2: DomainV2Resolvers = {
  id: (d) => toGlobalId('DomainV2', d._id),
  basicInfo: (d) => ({
    name: d.name,
    description: d.description ?? null,
    integrationName: d.integration_id ?? null,
  }),
  registry: (d) => ({ allowedDockerRegistries: d.allowed_docker_registries ?? [] }),
  lifecycle: (d) => ({
    isActive: d.is_active,
    isDefault: d._id === 'default',
    createdAt: d.created_at,
    modifiedAt: d.modified_at,
  }),
};
