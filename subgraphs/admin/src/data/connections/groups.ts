import type { DomainDoc, GroupDoc, GroupMemberDoc, UserDoc } from '../documents';
import { GROUP_NODE_FIELDS } from './fields';
import { compileMiniList, type MiniList } from './miniLanguage';
import { allOf, scopeConditions } from './mongoFilter';
import type { NestedPages } from './nested';
import type { ConnectionStore } from './reader';
import type { GroupScope } from './scope';
import { USER_V2_RULES } from './users';
import { compileV2Filter, type FilterRules } from './v2Filter';
import { activeIs, compileV2List, stringsOf, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

const PATHS = { id: '_id', domain: 'domain_name' } as const;
const TYPES: Record<string, string> = { GENERAL: 'GENERAL', MODEL_STORE: 'MODEL_STORE' };

export const PROJECT_V2_RULES: FilterRules = {
  id: { kind: 'uuid', path: '_id' },
  name: { kind: 'string', path: 'name' },
  domainName: { kind: 'string', path: 'domain_name' },
  type: { kind: 'enum', path: 'type', values: TYPES },
  isActive: { kind: 'bool', path: 'is_active' },
  createdAt: { kind: 'datetime', path: 'created_at' },
  modifiedAt: { kind: 'datetime', path: 'modified_at' },
  domain: {
    kind: 'nested',
    resolve: async (f, lookup) => {
      const cond = allOf(...stringsOf(f, { name: '_id' }), ...activeIs(f));
      return {
        domain_name: { $in: (await lookup.find<DomainDoc>('domains', cond)).map((d) => d._id) },
      };
    },
  },
  user: {
    kind: 'nested',
    resolve: async (f, lookup) => {
      const ids = f.id ? await compileV2Filter({ uuid: f.id }, USER_V2_RULES, lookup) : {};
      const cond = allOf(
        ids,
        ...stringsOf(f, { username: 'username', email: 'email' }),
        ...activeIs(f),
      );
      const users = await lookup.find<UserDoc>('users', cond);
      const members = await lookup.find<GroupMemberDoc>('group_members', {
        user_id: { $in: users.map((u) => u._id) },
      });
      return { _id: { $in: [...new Set(members.map((m) => m.group_id))] } };
    },
  },
};

export const PROJECT_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  MODIFIED_AT: 'modified_at',
  NAME: 'name',
  IS_ACTIVE: 'is_active',
  TYPE: 'type',
  DOMAIN_NAME: 'domain_name',
};

const V2: V2Spec = {
  rules: PROJECT_V2_RULES,
  order: PROJECT_V2_ORDER,
  fallback: [['created_at', -1]],
};

/** Pages of groups (projects): group_nodes, adminProjectsV2 and those nested under users and domains. */
export class GroupConnections {
  constructor(
    private readonly reads: ConnectionStore,
    private readonly nested: NestedPages,
  ) {}

  /** group_nodes under `scope`. */
  page(scope: GroupScope, list: MiniList, window: PageWindow) {
    const { filter, sort } = compileMiniList(list, GROUP_NODE_FIELDS, '+name');
    const where = allOf(...scopeConditions(scope, PATHS), filter);
    return this.reads.page<GroupDoc>(
      { field: 'group_nodes', collection: 'groups', filter: where, sort },
      window,
    );
  }

  /** UserNode.project_nodes: a user's groups the scope admits. */
  ofUser(userId: string, scope: GroupScope, list: MiniList, window: PageWindow) {
    const { filter, sort } = compileMiniList(list, GROUP_NODE_FIELDS, '+name');
    return this.nested.viaMembership<GroupDoc>(
      {
        field: 'UserNode.project_nodes',
        parentKey: 'user_id',
        childKey: 'group_id',
        collection: 'groups',
      },
      userId,
      { filter: allOf(...scopeConditions(scope, PATHS), filter), sort },
      window,
    );
  }

  /** adminProjectsV2 (every group: superadmins only reach it). */
  async pageV2(list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.reads.page<GroupDoc>(
      { field: 'adminProjectsV2', collection: 'groups', filter, sort },
      window,
    );
  }

  /** UserV2.projects: a user's projects the scope admits. */
  async ofUserV2(userId: string, scope: GroupScope, list: V2List, window: PageWindow) {
    return this.nested.viaMembership<GroupDoc>(
      {
        field: 'UserV2.projects',
        parentKey: 'user_id',
        childKey: 'group_id',
        collection: 'groups',
      },
      userId,
      await this.queryV2(scope, list),
      window,
    );
  }

  /** DomainV2.projects: a domain's projects the scope admits. */
  async ofDomainV2(domain: string, scope: GroupScope, list: V2List, window: PageWindow) {
    return this.nested.byParentField<GroupDoc>(
      { field: 'DomainV2.projects', collection: 'groups', parentPath: 'domain_name' },
      domain,
      await this.queryV2(scope, list),
      window,
    );
  }

  private async queryV2(scope: GroupScope, list: V2List) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return { filter: allOf(...scopeConditions(scope, PATHS), filter), sort };
  }
}
