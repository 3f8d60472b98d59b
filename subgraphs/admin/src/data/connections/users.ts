import { USER_FIELDS } from '../../minilang/fields';
import type { DomainDoc, GroupDoc, GroupMemberDoc, UserDoc } from '../documents';
import { compileMiniList, type MiniList } from './miniLanguage';
import { allOf, scopeConditions } from './mongoFilter';
import type { NestedPages } from './nested';
import type { ConnectionStore } from './reader';
import type { UserScope } from './scope';
import type { FilterRules } from './v2Filter';
import { activeIs, compileV2List, stringsOf, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

const PATHS = { id: '_id', domain: 'domain_name' } as const;

export const USER_STATUS_V2: Record<string, string> = {
  ACTIVE: 'active',
  INACTIVE: 'inactive',
  DELETED: 'deleted',
  BEFORE_VERIFICATION: 'before-verification',
};
export const USER_ROLE_V2: Record<string, string> = {
  USER: 'user',
  ADMIN: 'admin',
  SUPERADMIN: 'superadmin',
  MONITOR: 'monitor',
};

export const USER_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  MODIFIED_AT: 'modified_at',
  USERNAME: 'username',
  EMAIL: 'email',
  STATUS: 'status',
  DOMAIN_NAME: 'domain_name',
};

/** UserV2Filter: nested domain/project filters look their matches up first (one query each). */
export const USER_V2_RULES: FilterRules = {
  uuid: { kind: 'uuid', path: '_id' },
  username: { kind: 'string', path: 'username' },
  email: { kind: 'string', path: 'email' },
  fullName: { kind: 'string', path: 'full_name' },
  description: { kind: 'string', path: 'description' },
  status: { kind: 'enum', path: 'status', values: USER_STATUS_V2 },
  statusInfo: { kind: 'string', path: 'status_info' },
  domainName: { kind: 'string', path: 'domain_name' },
  resourcePolicy: { kind: 'string', path: 'resource_policy' },
  role: { kind: 'enum', path: 'role', values: USER_ROLE_V2 },
  needPasswordChange: { kind: 'bool', path: 'need_password_change' },
  totpActivated: { kind: 'bool', path: 'totp_activated' },
  sudoSessionEnabled: { kind: 'bool', path: 'sudo_session_enabled' },
  createdAt: { kind: 'datetime', path: 'created_at' },
  domain: {
    kind: 'nested',
    resolve: async (f, lookup) => {
      const cond = allOf(...stringsOf(f, { name: 'name' }), ...activeIs(f));
      const names = (await lookup.find<DomainDoc>('domains', cond)).map((d) => d._id);
      return { domain_name: { $in: names } };
    },
  },
  project: {
    kind: 'nested',
    resolve: async (f, lookup) => {
      const cond = allOf(...stringsOf(f, { name: 'name' }), ...activeIs(f));
      const groups = (await lookup.find<GroupDoc>('groups', cond)).map((g) => g._id);
      const members = await lookup.find<GroupMemberDoc>('group_members', {
        group_id: { $in: groups },
      });
      return { _id: { $in: [...new Set(members.map((m) => m.user_id))] } };
    },
  },
};

const V2: V2Spec = { rules: USER_V2_RULES, order: USER_V2_ORDER, fallback: [['created_at', -1]] };

/** Pages of users: user_nodes, adminUsersV2 and the users nested under groups and domains. */
export class UserConnections {
  constructor(
    private readonly reads: ConnectionStore,
    private readonly nested: NestedPages,
  ) {}

  /** user_nodes under `scope`, filtered and ordered with user_list's mini-language. */
  page(scope: UserScope, list: MiniList, window: PageWindow) {
    const { filter, sort } = compileMiniList(list, USER_FIELDS, '-created_at');
    const where = allOf(...scopeConditions(scope, PATHS), filter);
    return this.reads.page<UserDoc>(
      { field: 'user_nodes', collection: 'users', filter: where, sort },
      window,
    );
  }

  /** GroupNode.user_nodes: a group's members the scope admits. */
  ofGroup(groupId: string, scope: UserScope, list: MiniList, window: PageWindow) {
    const { filter, sort } = compileMiniList(list, USER_FIELDS, '-created_at');
    return this.nested.viaMembership<UserDoc>(
      {
        field: 'GroupNode.user_nodes',
        parentKey: 'group_id',
        childKey: 'user_id',
        collection: 'users',
      },
      groupId,
      { filter: allOf(...scopeConditions(scope, PATHS), filter), sort },
      window,
    );
  }

  /** adminUsersV2 (every user: superadmins only reach it). */
  async pageV2(list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.reads.page<UserDoc>(
      { field: 'adminUsersV2', collection: 'users', filter: allOf(filter), sort },
      window,
    );
  }

  /** ProjectV2.users: a project's members the scope admits. */
  async ofProjectV2(groupId: string, scope: UserScope, list: V2List, window: PageWindow) {
    return this.nested.viaMembership<UserDoc>(
      { field: 'ProjectV2.users', parentKey: 'group_id', childKey: 'user_id', collection: 'users' },
      groupId,
      await this.queryV2(scope, list),
      window,
    );
  }

  /** DomainV2.users: a domain's users the scope admits. */
  async ofDomainV2(domain: string, scope: UserScope, list: V2List, window: PageWindow) {
    return this.nested.byParentField<UserDoc>(
      { field: 'DomainV2.users', collection: 'users', parentPath: 'domain_name' },
      domain,
      await this.queryV2(scope, list),
      window,
    );
  }

  private async queryV2(scope: UserScope, list: V2List) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return { filter: allOf(...scopeConditions(scope, PATHS), filter), sort };
  }
}
