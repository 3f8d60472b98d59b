import { GraphQLError } from 'graphql';
import type { DomainDoc } from '../data/documents';
import type { NewDomain } from '../data/domainsRepository';
import type { DomainResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers';
import { ownerKey } from '../data/scalingGroupsRepository';
import { requireSuperadmin, requireUser } from '../rules';
import { jsonFields, mutation, noMatch, patchOf, success } from './helpers';

const JSON_PROPS = ['total_resource_slots', 'allowed_vfolder_hosts'] as const;

export const domainQueries: QueryResolvers = {
  async domain(_, args, ctx) {
    const me = requireUser(ctx.auth);
    const name = args.name ?? me.domain;
    if (me.role !== 'superadmin' && name !== me.domain) {
      throw new GraphQLError('No such domain.', { extensions: { code: 'NOT_FOUND' } });
    }
    return ctx.loaders.domainByName.load(name);
  },
  domains(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.repos.domains.list(typeof args.is_active === 'boolean' ? args.is_active : undefined);
  },
};

export const Domain: DomainResolvers = {
  ...jsonFields(...JSON_PROPS),
  scaling_groups: (d, _, ctx) =>
    ctx.loaders.scalingGroupsByOwner.load(ownerKey({ kind: 'domain', id: d.name })),
};

export const domainMutations: MutationResolvers = {
  create_domain: mutation(async ({ name, props }, ctx) => {
    const domain = await ctx.repos.domains.create(name, {
      description: '',
      is_active: true,
      allowed_docker_registries: [],
      integration_id: null,
      ...patchOf<NewDomain>(props, JSON_PROPS),
      total_resource_slots: encodeJson0(props.total_resource_slots),
      allowed_vfolder_hosts: encodeJson0(props.allowed_vfolder_hosts),
    });
    return { ...success, domain };
  }),
  modify_domain: mutation(async ({ name, props }, ctx) => {
    if (props.name !== undefined && props.name !== null && props.name !== name) {
      return { ok: false, msg: 'renaming a domain is not supported' };
    }
    const { name: _n, ...rest } = props;
    const domain = await ctx.repos.domains.modify(name, patchOf<DomainDoc>(rest, JSON_PROPS));
    return domain ? { ...success, domain } : noMatch('domain');
  }),
  delete_domain: mutation(async ({ name }, ctx) =>
    (await ctx.repos.domains.deactivate(name)) ? success : noMatch('domain'),
  ),
  purge_domain: mutation(async ({ name }, ctx) => {
    const outcome = await ctx.repos.domains.purge(name);
    if (outcome === 'missing') return noMatch('domain');
    if (outcome === 'in use')
      return { ok: false, msg: 'the domain still has users or groups: delete or move them first' };
    return success;
  }),
};

function encodeJson0(value: unknown): string {
  return JSON.stringify(value ?? {});
}
