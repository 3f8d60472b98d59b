import type { AuthContext } from '@fedmgmt/service-kit';
import type { GroupDoc, UserDoc } from '../../src/data/documents';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { type SeededStack, startSeededStack } from './seeded';

/**
 * Every root field taking `domain_name`: anyone but a superadmin naming another domain is refused
 * (Backend.AI: "Insufficient privilege." in the hand-written users/user_list/group(s) checks,
 * "Forbidden operation." from scoped_query), never answered with its own domain's rows.
 */
type Caller = 'superadmin' | 'admin' | 'monitor' | 'user' | 'token';
const INSUFFICIENT = 'Insufficient privilege.';
const FORBIDDEN = 'Forbidden operation.';
const OTHER = FIXTURE.otherDomain;

describe('domain_name arguments on the admin subgraph', () => {
  let seeded: SeededStack;
  const ctx = {} as Record<Caller, Omit<AuthContext, 'requestId'>>;
  let users: UserDoc[];
  let otherGroup: GroupDoc;
  let ownGroup: GroupDoc;

  beforeAll(async () => {
    seeded = await startSeededStack(30);
    users = await seeded.repos.users.find({});
    const emails = {
      superadmin: 'admin@lablup.com',
      admin: FIXTURE.adminEmail,
      monitor: FIXTURE.monitorEmail,
      user: FIXTURE.userEmail,
    } as const;
    for (const [role, email] of Object.entries(emails)) {
      const u = users.find((x) => x.email === email) as UserDoc;
      const ak = u.main_access_key as string;
      ctx[role as Caller] = {
        kind: 'keypair',
        subject: ak,
        scopes: [],
        groups: [],
        user: { uuid: u._id, email: u.email, role: u.role, domain: u.domain_name, accessKey: ak },
      };
    }
    ctx.token = {
      kind: 'token',
      subject: 'token-sub',
      scopes: [],
      groups: [],
      user: { uuid: '', email: FIXTURE.userEmail, role: 'user', domain: '' },
    };
    otherGroup = (await seeded.repos.groups.findOne({ domain_name: OTHER })) as GroupDoc;
    ownGroup = (await seeded.repos.groups.findOne({ _id: FIXTURE.groupId })) as GroupDoc;
  });
  afterAll(() => seeded?.stop());

  const as = async (caller: Caller, query: string, variables: Record<string, unknown>) => {
    const res = await seeded.stack.subgraphRequest('admin', { query, variables }, ctx[caller]);
    expect(res.status).toBe(200);
    return res.body as {
      data?: Record<string, unknown>;
      errors?: { message: string; path?: string[] }[];
    };
  };

  // [field, query with $d, message for a non-superadmin naming another domain]
  const FIELDS: [string, () => string, string][] = [
    ['users', () => 'query($d: String) { users(domain_name: $d) { domain_name } }', INSUFFICIENT],
    [
      'user_list',
      () =>
        'query($d: String) { user_list(limit: 100, offset: 0, domain_name: $d) { total_count items { domain_name } } }',
      INSUFFICIENT,
    ],
    ['groups', () => 'query($d: String) { groups(domain_name: $d) { domain_name } }', INSUFFICIENT],
    [
      'group',
      () => `query($d: String) { group(id: "${ownGroup._id}", domain_name: $d) { domain_name } }`,
      INSUFFICIENT,
    ],
    [
      'groups_by_name',
      () =>
        `query($d: String) { groups_by_name(name: "${ownGroup.name}", domain_name: $d) { domain_name } }`,
      INSUFFICIENT,
    ],
    [
      'user',
      () =>
        `query($d: String) { user(domain_name: $d, email: "${FIXTURE.userEmail}") { domain_name } }`,
      FORBIDDEN,
    ],
    [
      'user_from_uuid',
      () => 'query($d: String) { user_from_uuid(domain_name: $d) { domain_name } }',
      FORBIDDEN,
    ],
    ['keypair', () => 'query($d: String) { keypair(domain_name: $d) { access_key } }', FORBIDDEN],
    ['keypairs', () => 'query($d: String) { keypairs(domain_name: $d) { user_id } }', FORBIDDEN],
    [
      'keypair_list',
      () =>
        'query($d: String) { keypair_list(limit: 100, offset: 0, domain_name: $d) { total_count items { user_id } } }',
      FORBIDDEN,
    ],
    [
      'compute_session_list',
      () =>
        'query($d: String) { compute_session_list(limit: 100, offset: 0, domain_name: $d) { total_count items { domain_name } } }',
      FORBIDDEN,
    ],
  ];

  describe.each(FIELDS)('%s(domain_name: another domain)', (field, query, message) => {
    it.each(['admin', 'monitor', 'user', 'token'] as const)('refuses a %s', async (caller) => {
      const body = await as(caller, query(), { d: OTHER });
      expect({ data: body.data, errors: body.errors?.map((e) => e.message) }).toEqual({
        data: { [field]: null },
        errors: [message],
      });
    });
  });

  it.each(['users', 'user_list', 'groups'] as const)(
    '%s: a domain admin naming its own domain gets its rows',
    async (field) => {
      const q = (FIELDS.find((f) => f[0] === field) as (typeof FIELDS)[number])[1]();
      for (const caller of ['admin', 'monitor'] as const) {
        const body = await as(caller, q, { d: 'default' });
        expect(body.errors).toBeUndefined();
        const value = body.data?.[field] as
          { domain_name: string }[] | { items: { domain_name: string }[] };
        const rows = Array.isArray(value) ? value : value.items;
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.domain_name))).toEqual(new Set(['default']));
      }
    },
  );

  it("answers a superadmin with the named domain's rows only, counted against the store", async () => {
    const q = `query($d: String) {
      users(domain_name: $d) { domain_name }
      user_list(limit: 100, offset: 0, domain_name: $d) { total_count items { domain_name } }
      groups(domain_name: $d) { domain_name }
      keypair_list(limit: 100, offset: 0, domain_name: $d) { total_count items { user_id } }
      compute_session_list(limit: 100, offset: 0, domain_name: $d) { total_count items { domain_name } }
      group(id: "${ownGroup._id}", domain_name: $d) { domain_name }
      other: group(id: "${otherGroup._id}", domain_name: $d) { domain_name }
    }`;
    const body = await as('superadmin', q, { d: OTHER });
    expect(body.errors).toBeUndefined();
    type Rows = { domain_name: string }[];
    type Page = { total_count: number; items: Rows };
    const d = body.data as {
      users: Rows;
      user_list: Page;
      groups: Rows;
      keypair_list: Page;
      compute_session_list: Page;
    };
    const inOther = users.filter((u) => u.domain_name === OTHER).length;
    const kpOther = (await seeded.repos.keypairs.find({ domain_name: OTHER })).length;
    const sessOther = (await seeded.repos.sessions.find({ domain_name: OTHER })).length;
    const groupsOther = (await seeded.repos.groups.find({ domain_name: OTHER, type: 'GENERAL' }))
      .length;
    expect({
      users: [d.users.length, [...new Set(d.users.map((u) => u.domain_name))]],
      user_list: [
        d.user_list.total_count,
        [...new Set(d.user_list.items.map((u) => u.domain_name))],
      ],
      groups: [d.groups.length, [...new Set(d.groups.map((g) => g.domain_name))]],
      keypair_list: d.keypair_list.total_count,
      compute_session_list: [
        d.compute_session_list.total_count,
        [...new Set(d.compute_session_list.items.map((s) => s.domain_name))],
      ],
      group: body.data?.group,
      other: body.data?.other,
    }).toEqual({
      users: [inOther, [OTHER]],
      user_list: [inOther, [OTHER]],
      groups: [groupsOther, [OTHER]],
      keypair_list: kpOther,
      compute_session_list: [sessOther, [OTHER]],
      group: null,
      other: { domain_name: OTHER },
    });
    expect(inOther * kpOther * sessOther * groupsOther).toBeGreaterThan(0);
  });
});
