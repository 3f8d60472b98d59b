import type { AuthContext } from '@fedmgmt/service-kit';
import type { UserDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { type SeededStack, startSeededStack } from './seeded';

type Role = 'superadmin' | 'admin' | 'monitor' | 'user';
const EMAILS: Record<Role, string> = {
  superadmin: 'admin@lablup.com',
  admin: FIXTURE.adminEmail,
  monitor: FIXTURE.monitorEmail,
  user: FIXTURE.userEmail,
};
const ROLES: Role[] = ['superadmin', 'admin', 'monitor', 'user'];
const denied = (field: string) => ({ ok: false, msg: `no permission to execute ${field}` });

describe('roles on the admin subgraph', () => {
  let seeded: SeededStack;
  const ctx: Partial<Record<Role, Omit<AuthContext, 'requestId'>>> = {};
  let users: UserDoc[];

  beforeAll(async () => {
    seeded = await startSeededStack(40);
    users = await seeded.repos.users.find({});
    for (const role of ROLES) {
      const u = users.find((x) => x.email === EMAILS[role]) as UserDoc;
      const ak = u.main_access_key as string;
      ctx[role] = {
        kind: 'keypair',
        subject: ak,
        scopes: [],
        groups: [],
        user: { uuid: u._id, email: u.email, role: u.role, domain: u.domain_name, accessKey: ak },
      };
    }
  });
  afterAll(() => seeded?.stop());

  const as = async (role: Role, query: string, variables: Record<string, unknown> = {}) => {
    const res = await seeded.stack.subgraphRequest(
      'admin',
      { query, variables },
      ctx[role] as Omit<AuthContext, 'requestId'>,
    );
    expect(res.status).toBe(200);
    return res.body as { data?: Record<string, unknown>; errors?: { message: string }[] };
  };
  const messages = (body: { errors?: { message: string }[] }) => body.errors?.map((e) => e.message);
  const inDefault = () => users.filter((u) => u.domain_name === 'default').length;

  describe('Query.user_list', () => {
    const q = '{ user_list(limit: 100, offset: 0) { total_count items { domain_name } } }';
    it('shows every user to a superadmin', async () => {
      expect((await as('superadmin', q)).data?.user_list).toMatchObject({
        total_count: users.length,
      });
    });
    it.each(['admin', 'monitor'] as const)('shows only its domain to a %s', async (role) => {
      const body = await as(role, q);
      const list = body.data?.user_list as {
        total_count: number;
        items: { domain_name: string }[];
      };
      expect({
        total: list.total_count,
        domains: [...new Set(list.items.map((i) => i.domain_name))],
      }).toEqual({ total: inDefault(), domains: ['default'] });
    });
    it('refuses a plain user with "Insufficient privilege."', async () => {
      const body = await as('user', q);
      expect({ data: body.data, errors: messages(body) }).toEqual({
        data: { user_list: null },
        errors: ['Insufficient privilege.'],
      });
    });
  });

  describe('Query.keypair_list', () => {
    const q =
      'query($d: String, $e: String) { keypair_list(limit: 100, offset: 0, domain_name: $d, email: $e) { total_count items { user_id } } }';
    it('gives a plain user its own keypairs only', async () => {
      expect((await as('user', q)).data).toEqual({
        keypair_list: { total_count: 1, items: [{ user_id: FIXTURE.userEmail }] },
      });
    });
    it('refuses a plain user asking for someone else', async () => {
      const body = await as('user', q, { e: EMAILS.superadmin });
      expect({ data: body.data, errors: messages(body) }).toEqual({
        data: { keypair_list: null },
        errors: ['Forbidden operation.'],
      });
    });
    it.each(['admin', 'monitor'] as const)(
      'refuses a %s asking for another domain',
      async (role) => {
        const body = await as(role, q, { d: FIXTURE.otherDomain });
        expect({ data: body.data, errors: messages(body) }).toEqual({
          data: { keypair_list: null },
          errors: ['Forbidden operation.'],
        });
      },
    );
    it('lets a superadmin see every keypair', async () => {
      const total = (await seeded.repos.keypairs.find({})).length;
      expect((await as('superadmin', q)).data?.keypair_list).toMatchObject({ total_count: total });
    });
  });

  describe('superadmin-only queries', () => {
    it.each([
      ['agent_list', '{ agent_list(limit: 5, offset: 0) { total_count } }'],
      ['agents', '{ agents { id } }'],
      ['domains', '{ domains { name } }'],
      ['scaling_groups', '{ scaling_groups { name } }'],
    ])('%s refuses anyone but a superadmin (%s)', async (field, q) => {
      expect((await as('superadmin', q)).errors).toBeUndefined();
      for (const role of ['admin', 'monitor', 'user'] as const) {
        const body = await as(role, q);
        expect({ data: body.data, errors: messages(body) }).toEqual({
          data: { [field]: null },
          errors: [SUPERADMIN_REQUIRED],
        });
      }
    });
  });

  describe('Query.compute_session_list', () => {
    const q =
      '{ compute_session_list(limit: 100, offset: 0) { total_count items { access_key domain_name } } }';
    it('scopes sessions by role', async () => {
      const all = await seeded.repos.sessions.find({});
      const own = all.filter((s) => s.access_key === ctx.user?.user?.accessKey).length;
      const dflt = all.filter((s) => s.domain_name === 'default').length;
      const totals = await Promise.all(
        ROLES.map(
          async (r) =>
            ((await as(r, q)).data?.compute_session_list as { total_count: number }).total_count,
        ),
      );
      expect(totals).toEqual([all.length, dflt, dflt, own]);
    });
  });

  describe('Query.compute_container_list', () => {
    const q =
      'query($s: ID!) { compute_container_list(limit: 10, offset: 0, session_id: $s) { total_count } }';
    it('shows a plain user the containers of its own sessions only', async () => {
      const own = await seeded.repos.sessions.findOne({ access_key: ctx.user?.user?.accessKey });
      const other = await seeded.repos.sessions.findOne({
        access_key: { $ne: ctx.user?.user?.accessKey },
      });
      expect((await as('user', q, { s: own?._id })).data).toEqual({
        compute_container_list: { total_count: 1 },
      });
      expect((await as('user', q, { s: other?._id })).data).toEqual({
        compute_container_list: { total_count: 0 },
      });
      expect((await as('superadmin', q, { s: other?._id })).data).toEqual({
        compute_container_list: { total_count: 1 },
      });
    });
  });

  describe('Query.groups and Query.domain', () => {
    it('gives a plain user only its own groups', async () => {
      expect((await as('user', '{ groups { id } }')).data).toEqual({
        groups: [{ id: FIXTURE.groupId }],
      });
    });
    it('hides another domain from a domain admin', async () => {
      const body = await as('admin', `{ domain(name: "${FIXTURE.otherDomain}") { name } }`);
      expect({ data: body.data, errors: messages(body) }).toEqual({
        data: { domain: null },
        errors: ['No such domain.'],
      });
    });
  });

  describe('mutations', () => {
    const cases: [string, string][] = [
      ['create_domain', 'mutation { create_domain(name: "x-dom", props: {}) { ok msg } }'],
      [
        'create_user',
        'mutation { create_user(email: "x@x.io", props: { username: "x", password: "p", need_password_change: false }) { ok msg } }',
      ],
      ['delete_user', `mutation { delete_user(email: "${FIXTURE.userEmail}") { ok msg } }`],
      [
        'create_keypair',
        `mutation { create_keypair(user_id: "${FIXTURE.userEmail}", props: { resource_policy: "default", rate_limit: 1 }) { ok msg } }`,
      ],
      [
        'modify_keypair',
        'mutation { modify_keypair(access_key: "AKIAIOSFODNN7EXAMPLE", props: { is_active: false }) { ok msg } }',
      ],
      [
        'create_keypair_resource_policy',
        'mutation { create_keypair_resource_policy(name: "x", props: { default_for_unspecified: "LIMITED", max_concurrent_sessions: 1, max_containers_per_session: 1, idle_timeout: 1 }) { ok msg } }',
      ],
      [
        'create_user_resource_policy',
        'mutation { create_user_resource_policy(name: "x", props: {}) { ok msg } }',
      ],
      [
        'create_resource_preset',
        'mutation { create_resource_preset(name: "x", props: { resource_slots: "{}" }) { ok msg } }',
      ],
      [
        'create_scaling_group',
        'mutation { create_scaling_group(name: "x", props: { driver: "static", scheduler: "fifo" }) { ok msg } }',
      ],
      [
        'associate_scaling_group_with_domain',
        'mutation { associate_scaling_group_with_domain(domain: "default", scaling_group: "gpu-cluster") { ok msg } }',
      ],
      [
        'modify_agent',
        'mutation { modify_agent(id: "i-agent-000", props: { schedulable: false }) { ok msg } }',
      ],
      [
        'alias_image',
        'mutation { alias_image(alias: "py", target: "cr.backend.ai/lablup/python:3.9-ubuntu20.04") { ok msg } }',
      ],
    ];
    it.each(cases)('%s is denied as data to admins, monitors and users', async (field, q) => {
      for (const role of ['admin', 'monitor', 'user'] as const) {
        expect(await as(role, q)).toEqual({ data: { [field]: denied(field) } });
      }
    });

    const createGroup = (domain: string, name: string) =>
      `mutation { create_group(name: "${name}", props: { domain_name: "${domain}" }) { ok msg group { domain_name } } }`;
    it('lets a domain admin create groups in its own domain only', async () => {
      expect(await as('admin', createGroup('default', 'admins-own'))).toEqual({
        data: { create_group: { ok: true, msg: 'success', group: { domain_name: 'default' } } },
      });
      expect(await as('admin', createGroup(FIXTURE.otherDomain, 'elsewhere'))).toEqual({
        data: { create_group: { ...denied('create_group'), group: null } },
      });
    });
    it("denies a domain admin changes to another domain's group", async () => {
      const other = await seeded.repos.groups.findOne({ domain_name: FIXTURE.otherDomain });
      const q =
        'mutation($g: UUID!) { modify_group(gid: $g, props: { description: "x" }) { ok msg } delete_group(gid: $g) { ok msg } }';
      expect(await as('admin', q, { g: other?._id })).toEqual({
        data: { modify_group: denied('modify_group'), delete_group: denied('delete_group') },
      });
      expect(await as('superadmin', q, { g: other?._id })).toEqual({
        data: {
          modify_group: { ok: true, msg: 'success' },
          delete_group: { ok: true, msg: 'success' },
        },
      });
    });

    it.each(['monitor', 'user'] as const)('denies group mutations to a %s', async (role) => {
      expect(await as(role, createGroup('default', `by-${role}`))).toEqual({
        data: { create_group: { ...denied('create_group'), group: null } },
      });
      expect(
        await as(role, `mutation { purge_group(gid: "${FIXTURE.groupId}") { ok msg } }`),
      ).toEqual({ data: { purge_group: denied('purge_group') } });
    });
  });
});
