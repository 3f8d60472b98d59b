import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import { DOMAIN_V2_ORDER, DOMAIN_V2_RULES } from '../../data/connections/domains';
import type { DomainDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { V2ListArgs } from './args';
import type { FilterRules } from './filters';

const notFound = () => new GraphQLError('Domain not found.', { extensions: { code: 'NOT_FOUND' } });

/** DomainV2Filter's rules and order (data/connections/domains.ts), named here for the listing-index test. */
export { DOMAIN_V2_ORDER };
export const domainV2Rules = (_ctx?: AdminContext): FilterRules => DOMAIN_V2_RULES;

export const v2DomainQueries = {
  async domainV2(_: unknown, args: { domainName: string }, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    if (me.role !== 'superadmin' && args.domainName !== me.domain) throw notFound();
    const doc = await ctx.loaders.domainByName.load(args.domainName);
    if (!doc) throw notFound();
    return doc;
  },
  async adminDomainsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.domains.pageV2(args, windowOf(ctx, args));
  },
};

export const DomainV2 = {
  id: (d: DomainDoc) => toGlobalId('DomainV2', d._id),
  basicInfo: (d: DomainDoc) => ({
    name: d.name,
    description: d.description ?? null,
    integrationName: d.integration_id ?? null,
  }),
  registry: (d: DomainDoc) => ({ allowedDockerRegistries: d.allowed_docker_registries ?? [] }),
  lifecycle: (d: DomainDoc) => ({
    isActive: d.is_active,
    isDefault: d._id === 'default',
    createdAt: d.created_at,
    modifiedAt: d.modified_at,
  }),
};
