import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import type { DomainDoc } from '../data/documents';
import { ownerKey } from '../data/scalingGroupsRepository';
import { requireSuperadmin, requireUser } from '../rules';
import { defined, encodeProps, jsonFields, mutation, noMatch, success } from './helpers';

const JSON_PROPS = ['total_resource_slots', 'allowed_vfolder_hosts'];

export const domainQueries = {
  async domain(_: unknown, args: { name?: string | null }, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    const name = args.name ?? me.domain;
    if (me.role !== 'superadmin' && name !== me.domain) {
      throw new GraphQLError('No such domain.', { extensions: { code: 'NOT_FOUND' } });
    }
    return ctx.loaders.domainByName.load(name);
  },
  domains(_: unknown, args: { is_active?: boolean | null }, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.repos.domains.list(typeof args.is_active === 'boolean' ? args.is_active : undefined);
  },
};

export const Domain = {
  ...jsonFields(...JSON_PROPS),
  scaling_groups: (d: DomainDoc, _: unknown, ctx: AdminContext) =>
    ctx.loaders.scalingGroupsByOwner.load(ownerKey({ kind: 'domain', id: d.name })),
};

type DomainProps = Partial<Omit<DomainDoc, '_id' | 'created_at' | 'modified_at'>>;

export const domainMutations = {
  create_domain: mutation(async ({ name, props }: { name: string; props: DomainProps }, ctx) => {
    const domain = await ctx.repos.domains.create(name, {
      description: '',
      is_active: true,
      allowed_docker_registries: [],
      integration_id: null,
      ...(encodeProps(defined(props), JSON_PROPS) as DomainProps),
      total_resource_slots: encodeJson0(props.total_resource_slots),
      allowed_vfolder_hosts: encodeJson0(props.allowed_vfolder_hosts),
    });
    return { ...success, domain };
  }),
  modify_domain: mutation(async ({ name, props }: { name: string; props: DomainProps }, ctx) => {
    if (props.name !== undefined && props.name !== null && props.name !== name) {
      return { ok: false, msg: 'renaming a domain is not supported' };
    }
    const { name: _n, ...rest } = props;
    const domain = await ctx.repos.domains.modify(name, encodeProps(defined(rest), JSON_PROPS));
    return domain ? { ...success, domain } : noMatch('domain');
  }),
  delete_domain: mutation(async ({ name }: { name: string }, ctx) =>
    (await ctx.repos.domains.deactivate(name)) ? success : noMatch('domain'),
  ),
  purge_domain: mutation(async ({ name }: { name: string }, ctx) => {
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
