import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { DomainDoc } from '../../data/documents';
import { requireSuperadmin, requireUser } from '../../rules';
import { type ConnectionArgs, connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import {
  compileV2Filter,
  compileV2Order,
  type FilterRules,
  joinAnd,
  stringFilter,
} from './filters';

const notFound = () => new GraphQLError('Domain not found.', { extensions: { code: 'NOT_FOUND' } });
const conds = (f: Record<string, unknown>, strings: Record<string, string>) =>
  joinAnd([
    ...Object.entries(strings).flatMap(([k, path]) =>
      f[k] ? stringFilter(path, f[k] as Record<string, unknown>) : [],
    ),
    ...(typeof f.isActive === 'boolean' ? [{ is_active: { $eq: f.isActive } }] : []),
  ]);

export function domainV2Rules(ctx: AdminContext): FilterRules {
  return {
    name: { kind: 'string', path: '_id' },
    description: { kind: 'string', path: 'description' },
    isActive: { kind: 'bool', path: 'is_active' },
    createdAt: { kind: 'datetime', path: 'created_at' },
    modifiedAt: { kind: 'datetime', path: 'modified_at' },
    project: {
      kind: 'nested',
      resolve: async (f) => ({
        _id: {
          $in: [
            ...new Set(
              (await ctx.repos.groups.find(conds(f, { name: 'name' }))).map((g) => g.domain_name),
            ),
          ],
        },
      }),
    },
    user: {
      kind: 'nested',
      resolve: async (f) => ({
        _id: {
          $in: [
            ...new Set(
              (await ctx.repos.users.find(conds(f, { username: 'username', email: 'email' }))).map(
                (u) => u.domain_name,
              ),
            ),
          ],
        },
      }),
    },
  };
}

export const DOMAIN_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  MODIFIED_AT: 'modified_at',
  NAME: '_id',
  IS_ACTIVE: 'is_active',
};

type V2ListArgs = ConnectionArgs & {
  filter?: Record<string, unknown> | null;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[] | null;
};

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
    const filter = await compileV2Filter(args.filter, domainV2Rules(ctx));
    const sort = compileV2Order(args.orderBy, DOMAIN_V2_ORDER, [['created_at', -1]]);
    return connection<DomainDoc>(
      ctx,
      { field: 'adminDomainsV2', collection: 'domains', filter, sort },
      args,
    );
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
