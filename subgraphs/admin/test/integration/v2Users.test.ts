import type { DomainDoc, GroupMemberDoc, UserDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { CURSOR, gid, referenceSort, refusedBody, ROLES, summary, V2Harness } from './v2harness';

const up = (s: string) => s.toUpperCase().replace(/-/g, '_');
const v2node = (u: UserDoc) => ({
  id: gid('UserV2', u._id),
  basicInfo: { email: u.email, username: u.username, fullName: u.full_name },
  status: { status: up(u.status as string) },
  organization: { domainName: u.domain_name, role: up(u.role) },
});
type Conn = {
  count: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { basicInfo: { email: string } } }[];
};

describe('strawberry V2 users and domains through the gateway', () => {
  const h = new V2Harness();
  let members: GroupMemberDoc[];
  let groups: { _id: string; name: string }[];
  let domains: DomainDoc[];
  beforeAll(async () => {
    await h.start(40);
    members = await h.seeded.repos.members.find({});
    groups = await h.seeded.repos.groups.find({});
    domains = await h.seeded.repos.domains.find({});
  });
  afterAll(() => h.stop());

  const inGroup = (name: string) => {
    const ids = new Set(groups.filter((g) => g.name === name).map((g) => g._id));
    return new Set(members.filter((m) => ids.has(m.group_id)).map((m) => m.user_id));
  };

  // [name, filter, orderBy, reference predicate, reference order]
  const cases: [
    string,
    Record<string, unknown> | null,
    { field: string; direction: string }[] | null,
    (u: UserDoc) => boolean,
    [Extract<keyof UserDoc, string>, 1 | -1][],
  ][] = [
    ['no filter, default order', null, null, () => true, [['created_at', -1]]],
    [
      'email contains, email ASC',
      { email: { contains: 'kim' } },
      [{ field: 'EMAIL', direction: 'ASC' }],
      (u) => u.email.includes('kim'),
      [['email', 1]],
    ],
    [
      'OR of roles, username DESC',
      {
        OR: [
          { role: { equals: 'ADMIN' } },
          { role: { equals: 'MONITOR' } },
          { role: { in: ['SUPERADMIN'] } },
        ],
      },
      [{ field: 'USERNAME', direction: 'DESC' }],
      (u) => u.role !== 'user',
      [['username', -1]],
    ],
    [
      'NOT domain + status, created ASC',
      { NOT: [{ domainName: { equals: 'default' } }], status: { equals: 'ACTIVE' } },
      [{ field: 'CREATED_AT', direction: 'ASC' }],
      (u) => u.domain_name !== 'default' && u.status === 'active',
      [['created_at', 1]],
    ],
    [
      'iStartsWith + createdAt after',
      { username: { iStartsWith: 'GRACE' }, createdAt: { after: '2023-06-01T00:00:00Z' } },
      null,
      (u) => u.username.startsWith('grace') && u.created_at > new Date('2023-06-01T00:00:00Z'),
      [['created_at', -1]],
    ],
    [
      'nested domain, status then email',
      { domain: { name: { equals: FIXTURE.otherDomain }, isActive: true } },
      [
        { field: 'STATUS', direction: 'ASC' },
        { field: 'EMAIL', direction: 'DESC' },
      ],
      (u) => u.domain_name === FIXTURE.otherDomain,
      [
        ['status', 1],
        ['email', -1],
      ],
    ],
    [
      'nested project, modified DESC',
      { project: { name: { iEquals: 'VISION' } } },
      [{ field: 'MODIFIED_AT', direction: 'DESC' }],
      (u) => inGroup('vision').has(u._id),
      [['modified_at', -1]],
    ],
    [
      'AND of notContains/endsWith, domain ASC',
      {
        AND: [{ email: { notContains: 'lee' } }, { email: { endsWith: '@lablup.com' } }],
        status: { notIn: ['INACTIVE'] },
      },
      [{ field: 'DOMAIN_NAME', direction: 'ASC' }],
      (u) => !u.email.includes('lee') && u.status !== 'inactive',
      [['domain_name', 1]],
    ],
    [
      'iIn, iNotEquals and statusInfo',
      {
        fullName: { iIn: ['ADA KIM', 'grace lee', 'Alan Park'] },
        username: { iNotEquals: 'NOBODY' },
        statusInfo: { notEquals: 'x' },
      },
      [{ field: 'EMAIL', direction: 'ASC' }],
      (u) => ['ada kim', 'grace lee', 'alan park'].includes(u.full_name.toLowerCase()),
      [['email', 1]],
    ],
    [
      'uuid in, booleans',
      {
        uuid: { in: [FIXTURE.userId, FIXTURE.userId.toUpperCase()] },
        sudoSessionEnabled: false,
        needPasswordChange: false,
      },
      null,
      (u) => u._id === FIXTURE.userId,
      [['created_at', -1]],
    ],
  ];

  it.each(cases)(
    'adminUsersV2: %s matches the reference',
    async (_name, filter, orderBy, pred, order) => {
      const expected = referenceSort(h.users.filter(pred), order);
      const body = await h.run('superadmin', h.document('adminUsersV2'), {
        filter,
        orderBy,
        first: 100,
      });
      expect(body).toEqual({
        data: {
          adminUsersV2: {
            count: expected.length,
            pageInfo: {
              hasNextPage: false,
              hasPreviousPage: false,
              startCursor: expected.length ? expect.stringMatching(CURSOR) : null,
              endCursor: expected.length ? expect.stringMatching(CURSOR) : null,
            },
            edges: expected.map((u) => ({
              cursor: expect.stringMatching(CURSOR),
              node: v2node(u),
            })),
          },
        },
      });
    },
  );

  it('checks that the filter cases are not vacuous', () => {
    const sizes = cases.map(([, , , pred]) => h.users.filter(pred).length);
    expect(sizes.every((n) => n > 0 && n <= h.users.length)).toBe(true);
    expect(sizes.filter((n) => n < h.users.length).length).toBe(cases.length - 1);
  });

  it('pages with limit/offset and with first/after alike', async () => {
    const expected = referenceSort(h.users, [['email', 1]]).map((u) => u.email);
    const orderBy = [{ field: 'EMAIL', direction: 'ASC' }];
    const byOffset = (
      await h.run('superadmin', h.document('adminUsersV2'), { orderBy, limit: 5, offset: 10 })
    ).data?.adminUsersV2 as Conn;
    expect(byOffset.edges.map((e) => e.node.basicInfo.email)).toEqual(expected.slice(10, 15));
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const conn = (
        await h.run('superadmin', h.document('adminUsersV2'), { orderBy, first: 9, after })
      ).data?.adminUsersV2 as Conn;
      seen.push(...conn.edges.map((e) => e.node.basicInfo.email));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it.each(['admin', 'monitor', 'user'] as const)(
    'adminUsersV2 and adminUserV2 refuse a %s',
    async (role) => {
      expect(summary(await h.run(role, h.document('adminUsersV2'), { first: 3 }))).toEqual(
        refusedBody('adminUsersV2', SUPERADMIN_REQUIRED),
      );
      expect(
        summary(await h.run(role, h.document('adminUserV2'), { userId: h.user(role)._id })),
      ).toEqual(refusedBody('adminUserV2', SUPERADMIN_REQUIRED));
    },
  );

  it('adminUserV2 answers every section for a superadmin, and an error for an unknown user', async () => {
    const u = h.user('user');
    expect(
      await h.run('superadmin', h.document('adminUserV2'), { userId: u._id.toUpperCase() }),
    ).toEqual({
      data: {
        adminUserV2: {
          id: gid('UserV2', u._id),
          basicInfo: {
            username: u.username,
            email: u.email,
            fullName: u.full_name,
            description: '',
            integrationName: null,
          },
          status: { status: 'ACTIVE', statusInfo: null, needPasswordChange: false },
          organization: {
            domainName: 'default',
            role: 'USER',
            resourcePolicy: 'default',
            mainAccessKey: u.main_access_key,
          },
          security: {
            allowedClientIp: null,
            totpActivated: false,
            totpActivatedAt: null,
            sudoSessionEnabled: false,
          },
          container: { containerUid: null, containerMainGid: null, containerGids: null },
          timestamps: {
            createdAt: u.created_at.toISOString(),
            modifiedAt: u.modified_at.toISOString(),
          },
          domain: { id: gid('DomainV2', 'default'), basicInfo: { name: 'default' } },
        },
      },
    });
    const missing = await h.run('superadmin', h.document('adminUserV2'), {
      userId: '00000000-0000-4000-8000-000000000000',
    });
    expect(summary(missing)).toEqual(refusedBody('adminUserV2', 'User not found.'));
  });

  it.each(ROLES)('myUserV2 answers the %s itself', async (role) => {
    const u = h.user(role);
    expect(await h.run(role, h.document('myUserV2'))).toEqual({
      data: {
        myUserV2: {
          id: gid('UserV2', u._id),
          basicInfo: { email: u.email, username: u.username },
          status: { status: 'ACTIVE' },
          organization: { domainName: 'default', role: up(role), resourcePolicy: 'default' },
          security: { sudoSessionEnabled: false },
          domain: { basicInfo: { name: 'default' }, lifecycle: { isActive: true } },
        },
      },
    });
  });

  describe('domains', () => {
    const full = (d: DomainDoc) => ({
      domainV2: {
        id: gid('DomainV2', d.name),
        basicInfo: { name: d.name, description: d.description, integrationName: null },
        registry: { allowedDockerRegistries: d.allowed_docker_registries },
        lifecycle: {
          isActive: true,
          isDefault: d.name === 'default',
          createdAt: d.created_at.toISOString(),
          modifiedAt: d.modified_at.toISOString(),
        },
      },
    });
    const byName = (n: string) => domains.find((d) => d.name === n) as DomainDoc;
    it.each(ROLES)('domainV2 gives a %s its own domain', async (role) => {
      expect(await h.run(role, h.document('domainV2'), { domainName: 'default' })).toEqual({
        data: full(byName('default')),
      });
    });
    it.each(['admin', 'monitor', 'user'] as const)(
      'domainV2 hides another domain from a %s',
      async (role) => {
        expect(
          summary(await h.run(role, h.document('domainV2'), { domainName: FIXTURE.otherDomain })),
        ).toEqual(refusedBody('domainV2', 'Domain not found.'));
      },
    );
    it('domainV2 shows a superadmin any domain, and an error for an unknown one', async () => {
      expect(
        await h.run('superadmin', h.document('domainV2'), { domainName: FIXTURE.otherDomain }),
      ).toEqual({ data: full(byName(FIXTURE.otherDomain)) });
      expect(
        summary(await h.run('superadmin', h.document('domainV2'), { domainName: 'nope' })),
      ).toEqual(refusedBody('domainV2', 'Domain not found.'));
    });
    it.each([
      ['default order', null, null, () => true, [['created_at', -1]]],
      ['name ASC', null, [{ field: 'NAME', direction: 'ASC' }], () => true, [['name', 1]]],
      [
        'name startsWith',
        { name: { startsWith: 'lab' } },
        null,
        (d: DomainDoc) => d.name.startsWith('lab'),
        [['created_at', -1]],
      ],
      [
        'nested user',
        { user: { email: { equals: FIXTURE.userEmail } } },
        null,
        (d: DomainDoc) => d.name === 'default',
        [['created_at', -1]],
      ],
      [
        'nested project OR description',
        {
          OR: [
            { project: { name: { equals: 'nlp' } } },
            { description: { iContains: 'DEFAULT DOMAIN' } },
          ],
        },
        [{ field: 'NAME', direction: 'DESC' }],
        () => true,
        [['name', -1]],
      ],
      ['NOT isActive', { NOT: [{ isActive: true }] }, null, () => false, [['created_at', -1]]],
    ] as [
      string,
      unknown,
      unknown,
      (d: DomainDoc) => boolean,
      [Extract<keyof DomainDoc, string>, 1 | -1][],
    ][])('adminDomainsV2: %s matches the reference', async (_n, filter, orderBy, pred, order) => {
      const expected = referenceSort(domains.filter(pred), order);
      expect(await h.run('superadmin', h.document('adminDomainsV2'), { filter, orderBy })).toEqual({
        data: {
          adminDomainsV2: {
            count: expected.length,
            pageInfo: {
              hasNextPage: false,
              hasPreviousPage: false,
              endCursor: expected.length ? expect.stringMatching(CURSOR) : null,
            },
            edges: expected.map((d) => ({
              cursor: expect.stringMatching(CURSOR),
              node: {
                id: gid('DomainV2', d.name),
                basicInfo: { name: d.name, description: d.description },
                lifecycle: { isActive: true, isDefault: d.name === 'default' },
              },
            })),
          },
        },
      });
    });
    it.each(['admin', 'monitor', 'user'] as const)('adminDomainsV2 refuses a %s', async (role) => {
      expect(summary(await h.run(role, h.document('adminDomainsV2'), {}))).toEqual(
        refusedBody('adminDomainsV2', SUPERADMIN_REQUIRED),
      );
    });
  });
});
