import type { DomainDoc, GroupDoc, GroupMemberDoc, UserDoc } from '../../src/data/documents';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { gid, referenceSort, type Role, ROLES, V2Harness } from './v2harness';

describe('graphene Relay groups and domains through the gateway', () => {
  const h = new V2Harness();
  let groups: GroupDoc[];
  let members: GroupMemberDoc[];
  let domains: DomainDoc[];
  beforeAll(async () => {
    await h.start(40);
    groups = await h.seeded.repos.groups.find({});
    members = await h.seeded.repos.members.find({});
    domains = await h.seeded.repos.domains.find({});
  });
  afterAll(() => h.stop());

  const byName = (n: string) => groups.find((g) => g.name === n) as GroupDoc;
  const memberIds = (g: GroupDoc) =>
    new Set(members.filter((m) => m.group_id === g._id).map((m) => m.user_id));
  const groupsOf = (u: UserDoc) => groups.filter((g) => memberIds(g).has(u._id));
  const usersVisibleTo = (role: Role) => (u: UserDoc) =>
    role === 'superadmin' ||
    (role === 'user' ? u._id === h.user('user')._id : u.domain_name === 'default');
  const groupsVisibleTo = (role: Role) => (g: GroupDoc) =>
    role === 'superadmin' ||
    (role === 'user' ? memberIds(g).has(h.user('user')._id) : g.domain_name === 'default');
  const codes = (b: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }) => ({
    data: b.data,
    codes: b.errors?.map((e) => e.extensions?.code),
  });

  describe('group_nodes', () => {
    const expectPage = (role: Role, list: GroupDoc[]) => ({
      data: {
        group_nodes: {
          count: list.length,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: false,
            endCursor: list.length ? expect.any(String) : null,
          },
          edges: list.map((g) => {
            const visibleMembers = referenceSort(
              h.users.filter((u) => memberIds(g).has(u._id)).filter(usersVisibleTo(role)),
              [['email', 1]],
            );
            return {
              cursor: expect.any(String),
              node: {
                id: gid('GroupNode', g._id),
                row_id: g._id,
                name: g.name,
                domain_name: g.domain_name,
                user_nodes: {
                  count: visibleMembers.length,
                  edges: visibleMembers.slice(0, 3).map((u) => ({ node: { email: u.email } })),
                },
              },
            };
          }),
        },
      },
    });
    it.each(ROLES)('lists what a %s may read, with the members it may see', async (role) => {
      const expected = referenceSort(groups.filter(groupsVisibleTo(role)), [['name', 1]]);
      expect(expected.length).toBeGreaterThan(0);
      expect(await h.run(role, h.document('group_nodes'), { memberOrder: '+email' })).toEqual(
        expectPage(role, expected),
      );
    });
    it.each([
      ['user', 'read_sensitive_attribute', []],
      ['monitor', 'update_attribute', []],
      ['admin', 'update_attribute', ['default', 'vision']],
      ['admin', 'delete_project', ['default', 'vision']],
      ['superadmin', 'associate_with_user', ['default', 'nlp', 'vision']],
      ['monitor', 'read_sensitive_attribute', ['default', 'vision']],
    ] as [Role, string, string[]][])(
      'as %s with permission %s sees %j',
      async (role, permission, names) => {
        const body = await h.run(role, h.document('group_nodes'), {
          permission,
          memberOrder: '+email',
        });
        expect(body).toEqual(expectPage(role, names.map(byName)));
      },
    );
    it('narrows by scope and filter, never widens', async () => {
      const names = async (role: Role, vars: Record<string, unknown>) =>
        (
          (await h.run(role, h.document('group_nodes'), vars)).data?.group_nodes as {
            edges: { node: { name: string } }[];
          }
        ).edges.map((e) => e.node.name);
      expect(await names('superadmin', { scope: `domain:${FIXTURE.otherDomain}` })).toEqual([
        'nlp',
      ]);
      expect(await names('admin', { scope: `domain:${FIXTURE.otherDomain}` })).toEqual([]);
      expect(await names('superadmin', { scope: `user:${h.user('user')._id}` })).toEqual(
        groupsOf(h.user('user'))
          .map((g) => g.name)
          .sort(),
      );
      expect(
        await names('superadmin', {
          filter: 'name == "vision" | domain_name == "lab-b"',
          order: '-name',
        }),
      ).toEqual(['vision', 'nlp']);
      expect(await names('superadmin', { scope: `project:${byName('nlp')._id}` })).toEqual(['nlp']);
    });
    it('refuses bad permissions, scopes, filters and cursors', async () => {
      const refused = { data: { group_nodes: null }, codes: ['BAD_USER_INPUT'] };
      expect(
        codes(await h.run('superadmin', h.document('group_nodes'), { permission: 'everything' })),
      ).toEqual(refused);
      expect(
        codes(await h.run('superadmin', h.document('group_nodes'), { scope: 'galaxy:x' })),
      ).toEqual(refused);
      expect(
        codes(await h.run('superadmin', h.document('group_nodes'), { filter: 'secret == 1' })),
      ).toEqual(refused);
      expect(codes(await h.run('superadmin', h.document('group_nodes'), { after: 'x.y' }))).toEqual(
        refused,
      );
    });
    it('pages with first/after', async () => {
      const first = (await h.run('superadmin', h.document('group_nodes'), { first: 2 })).data
        ?.group_nodes as {
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { name: string } }[];
      };
      const next = (
        await h.run('superadmin', h.document('group_nodes'), {
          first: 2,
          after: first.pageInfo.endCursor,
        })
      ).data?.group_nodes as typeof first;
      expect([
        first.edges.map((e) => e.node.name),
        first.pageInfo.hasNextPage,
        next.edges.map((e) => e.node.name),
        next.pageInfo.hasNextPage,
      ]).toEqual([['default', 'nlp'], true, ['vision'], false]);
    });
  });

  describe('group_node', () => {
    const node = (g: GroupDoc) => ({
      group_node: {
        id: gid('GroupNode', g._id),
        row_id: g._id,
        name: g.name,
        domain_name: g.domain_name,
        type: 'GENERAL',
        is_active: true,
        total_resource_slots: '{}',
        scaling_groups: [],
      },
    });
    it.each(ROLES)('shows a %s exactly the groups it may read', async (role) => {
      const seen = await Promise.all(
        groups.map(
          async (g) =>
            (await h.run(role, h.document('group_node'), { id: gid('GroupNode', g._id) })).data,
        ),
      );
      expect(seen).toEqual(
        groups.map((g) => (groupsVisibleTo(role)(g) ? node(g) : { group_node: null })),
      );
    });
  });

  describe('UserNode.project_nodes', () => {
    it.each(['superadmin', 'admin', 'monitor'] as const)(
      'lists the groups of each user a %s may read',
      async (role) => {
        const expected = referenceSort(h.users.filter(usersVisibleTo(role)), [['email', 1]]).slice(
          0,
          10,
        );
        const body = await h.run(role, h.document('user_project_nodes'), { first: 10 });
        expect(body.data).toEqual({
          user_nodes: {
            count: h.users.filter(usersVisibleTo(role)).length,
            edges: expected.map((u) => {
              const gs = referenceSort(groupsOf(u).filter(groupsVisibleTo(role)), [['name', 1]]);
              return {
                node: {
                  email: u.email,
                  project_nodes: {
                    count: gs.length,
                    edges: gs.map((g) => ({
                      node: {
                        id: gid('GroupNode', g._id),
                        name: g.name,
                        domain_name: g.domain_name,
                      },
                    })),
                  },
                },
              };
            }),
          },
        });
      },
    );
  });

  describe('domain_node and domain_nodes', () => {
    const node = (d: DomainDoc) => ({
      domain_node: {
        id: gid('DomainNode', d.name),
        name: d.name,
        description: d.description,
        is_active: true,
        total_resource_slots: d.total_resource_slots,
        allowed_docker_registries: d.allowed_docker_registries,
        integration_id: null,
      },
    });
    const dom = (n: string) => domains.find((d) => d.name === n) as DomainDoc;
    it.each([
      ['superadmin', 'read_attribute', ['default', 'lab-b']],
      ['admin', 'read_attribute', ['default']],
      ['monitor', 'read_sensitive_attribute', ['default']],
      ['user', 'read_attribute', ['default']],
      ['user', 'read_sensitive_attribute', []],
      ['admin', 'update_attribute', []],
      ['admin', 'create_project', ['default']],
      ['monitor', 'create_project', []],
      ['superadmin', 'create_user', ['default', 'lab-b']],
    ] as [Role, string, string[]][])('as %s with %s sees %j', async (role, permission, names) => {
      const single = await Promise.all(
        domains.map(
          async (d) =>
            (
              await h.run(role, h.document('domain_node'), {
                id: gid('DomainNode', d.name),
                permission,
              })
            ).data,
        ),
      );
      expect(single).toEqual(
        domains.map((d) => (names.includes(d.name) ? node(d) : { domain_node: null })),
      );
      const list = await h.run(role, h.document('domain_nodes'), { permission, order: '+name' });
      expect(list).toEqual({
        data: {
          domain_nodes: {
            count: names.length,
            pageInfo: { hasNextPage: false, hasPreviousPage: false },
            edges: names.map((n) => ({
              cursor: expect.any(String),
              node: { id: gid('DomainNode', n), name: n, is_active: true },
            })),
          },
        },
      });
    });
    it('accepts a plain domain name as id, filters, and refuses an unknown permission', async () => {
      expect(
        (await h.run('superadmin', h.document('domain_node'), { id: FIXTURE.otherDomain })).data,
      ).toEqual(node(dom(FIXTURE.otherDomain)));
      const filtered = await h.run('superadmin', h.document('domain_nodes'), {
        filter: 'name ilike "LAB%"',
      });
      expect(
        (filtered.data?.domain_nodes as { edges: { node: { name: string } }[] }).edges.map(
          (e) => e.node.name,
        ),
      ).toEqual(['lab-b']);
      expect(
        codes(await h.run('superadmin', h.document('domain_nodes'), { permission: 'root' })),
      ).toEqual({ data: { domain_nodes: null }, codes: ['BAD_USER_INPUT'] });
    });
  });
});
