import type { DomainDoc, GroupDoc, UserDoc } from '../documents';
import { DOMAIN_NODE_FIELDS } from './fields';
import { compileMiniList, type MiniList } from './miniLanguage';
import { allOf, scopeConditions } from './mongoFilter';
import type { ConnectionStore } from './reader';
import type { DomainScope } from './scope';
import type { FilterRules } from './v2Filter';
import { activeIs, compileV2List, stringsOf, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

const PATHS = { name: '_id' } as const;

/** Domains with a project (or user) matching the nested filter. */
const domainsOf = (docs: { domain_name: string }[]) => ({
  _id: { $in: [...new Set(docs.map((d) => d.domain_name))] },
});

export const DOMAIN_V2_RULES: FilterRules = {
  name: { kind: 'string', path: '_id' },
  description: { kind: 'string', path: 'description' },
  isActive: { kind: 'bool', path: 'is_active' },
  createdAt: { kind: 'datetime', path: 'created_at' },
  modifiedAt: { kind: 'datetime', path: 'modified_at' },
  project: {
    kind: 'nested',
    resolve: async (f, lookup) =>
      domainsOf(
        await lookup.find<GroupDoc>(
          'groups',
          allOf(...stringsOf(f, { name: 'name' }), ...activeIs(f)),
        ),
      ),
  },
  user: {
    kind: 'nested',
    resolve: async (f, lookup) =>
      domainsOf(
        await lookup.find<UserDoc>(
          'users',
          allOf(...stringsOf(f, { username: 'username', email: 'email' }), ...activeIs(f)),
        ),
      ),
  },
};

export const DOMAIN_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  MODIFIED_AT: 'modified_at',
  NAME: '_id',
  IS_ACTIVE: 'is_active',
};

const V2: V2Spec = {
  rules: DOMAIN_V2_RULES,
  order: DOMAIN_V2_ORDER,
  fallback: [['created_at', -1]],
};

/** Pages of domains: domain_nodes and adminDomainsV2. */
export class DomainConnections {
  constructor(private readonly reads: ConnectionStore) {}

  /** domain_nodes under `scope`. */
  page(scope: DomainScope, list: MiniList, window: PageWindow) {
    const { filter, sort } = compileMiniList(list, DOMAIN_NODE_FIELDS, '+name');
    const where = allOf(...scopeConditions(scope, PATHS), filter);
    return this.reads.page<DomainDoc>(
      { field: 'domain_nodes', collection: 'domains', filter: where, sort },
      window,
    );
  }

  /** adminDomainsV2 (every domain: superadmins only reach it). */
  async pageV2(list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.reads.page<DomainDoc>(
      { field: 'adminDomainsV2', collection: 'domains', filter, sort },
      window,
    );
  }
}
