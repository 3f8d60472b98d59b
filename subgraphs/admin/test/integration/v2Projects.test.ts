import type { GroupDoc, GroupMemberDoc, UserDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { FIXTURE } from '../../scripts/lib/fixtures';
import {
  CURSOR,
  gid,
  referenceSort,
  type Role,
  refusedBody,
  ROLES,
  summary,
  V2Harness,
} from './v2harness';

describe('strawberry V2 projects (and domain/user nesting) through the gateway', () => {
  const h = new V2Harness();
  let groups: GroupDoc[];
  let members: GroupMemberDoc[];
  beforeAll(async () => {
    await h.start(40);
    // One MODEL_STORE project, so the type filters have something to tell apart.
    await h.seeded.repos.groups.insert({
      ...((await h.seeded.repos.groups.findOne({ name: 'vision' })) as GroupDoc),
      _id: '7e57a11e-0000-4000-8000-000000000001',
      name: 'models',
      type: 'MODEL_STORE',
      created_at: new Date('2024-02-01T00:00:00Z'),
      modified_at: new Date('2024-02-02T00:00:00Z'),
    });
    groups = await h.seeded.repos.groups.find({});
    members = await h.seeded.repos.members.find({});
  });
  afterAll(() => h.stop());

  const memberIds = (g: GroupDoc) =>
    new Set(members.filter((m) => m.group_id === g._id).map((m) => m.user_id));
  const byName = (n: string) => groups.find((g) => g.name === n) as GroupDoc;
  const node = (g: GroupDoc) => ({
    id: gid('ProjectV2', g._id),
    basicInfo: { name: g.name, type: g.type },
    organization: { domainName: g.domain_name },
    lifecycle: { isActive: true },
  });
  const usersVisibleTo = (role: Role) => (u: UserDoc) =>
    role === 'superadmin' ||
    (role === 'user' ? u._id === h.user('user')._id : u.domain_name === 'default');
  const groupsVisibleTo = (role: Role) => (g: GroupDoc) =>
    role === 'superadmin' ||
    (role === 'user' ? memberIds(g).has(h.user('user')._id) : g.domain_name === 'default');

  it.each([
    ['no filter, default order', null, null, () => true, [['created_at', -1]]],
    [
      'type in_, name ASC',
      { type: { in_: ['GENERAL'] } },
      [{ field: 'NAME', direction: 'ASC' }],
      (g: GroupDoc) => g.type === 'GENERAL',
      [['name', 1]],
    ],
    [
      'type notEquals',
      { type: { notEquals: 'GENERAL' } },
      null,
      (g: GroupDoc) => g.type !== 'GENERAL',
      [['created_at', -1]],
    ],
    [
      'nested domain, domain DESC then name',
      { domain: { name: { equals: 'default' } } },
      [
        { field: 'DOMAIN_NAME', direction: 'DESC' },
        { field: 'NAME', direction: 'ASC' },
      ],
      (g: GroupDoc) => g.domain_name === 'default',
      [
        ['domain_name', -1],
        ['name', 1],
      ],
    ],
    [
      'nested user',
      { user: { email: { equals: FIXTURE.userEmail } } },
      null,
      (g: GroupDoc) => memberIds(g).has(FIXTURE.userId),
      [['created_at', -1]],
    ],
    [
      'OR name/domainName, NOT id',
      {
        OR: [{ name: { iContains: 'IS' } }, { domainName: { equals: FIXTURE.otherDomain } }],
        NOT: [{ id: { equals: FIXTURE.groupId } }],
      },
      [{ field: 'MODIFIED_AT', direction: 'ASC' }],
      (g: GroupDoc) =>
        (g.name.includes('is') || g.domain_name === FIXTURE.otherDomain) &&
        g._id !== FIXTURE.groupId,
      [['modified_at', 1]],
    ],
    [
      'createdAt after, TYPE DESC',
      { createdAt: { after: '2024-01-15T00:00:00Z' }, isActive: true },
      [{ field: 'TYPE', direction: 'DESC' }],
      (g: GroupDoc) => g.created_at > new Date('2024-01-15T00:00:00Z'),
      [['type', -1]],
    ],
  ] as [
    string,
    unknown,
    unknown,
    (g: GroupDoc) => boolean,
    [Extract<keyof GroupDoc, string>, 1 | -1][],
  ][])('adminProjectsV2: %s matches the reference', async (_n, filter, orderBy, pred, order) => {
    const expected = referenceSort(groups.filter(pred), order);
    expect(expected.length).toBeGreaterThan(0);
    expect(await h.run('superadmin', h.document('adminProjectsV2'), { filter, orderBy })).toEqual({
      data: {
        adminProjectsV2: {
          count: expected.length,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: false,
            endCursor: expect.stringMatching(CURSOR),
          },
          edges: expected.map((g) => ({ cursor: expect.stringMatching(CURSOR), node: node(g) })),
        },
      },
    });
  });

  it('pages adminProjectsV2 with limit/offset', async () => {
    const expected = referenceSort(groups, [['name', 1]]);
    const body = await h.run('superadmin', h.document('adminProjectsV2'), {
      orderBy: [{ field: 'NAME', direction: 'ASC' }],
      limit: 2,
      offset: 1,
    });
    expect(body.data?.adminProjectsV2).toEqual({
      count: groups.length,
      pageInfo: {
        hasNextPage: true,
        hasPreviousPage: true,
        endCursor: expect.stringMatching(CURSOR),
      },
      edges: expected
        .slice(1, 3)
        .map((g) => ({ cursor: expect.stringMatching(CURSOR), node: node(g) })),
    });
  });

  it.each(['admin', 'monitor', 'user'] as const)('adminProjectsV2 refuses a %s', async (role) => {
    expect(summary(await h.run(role, h.document('adminProjectsV2'), {}))).toEqual(
      refusedBody('adminProjectsV2', SUPERADMIN_REQUIRED),
    );
  });

  it.each(ROLES)(
    'projectV2 shows a %s the projects it may read, with the members it may see',
    async (role) => {
      for (const g of groups) {
        const body = await h.run(role, h.document('projectV2'), { projectId: g._id });
        if (!groupsVisibleTo(role)(g)) {
          expect(summary(body)).toEqual(refusedBody('projectV2', 'Project not found.'));
          continue;
        }
        const users = referenceSort(
          h.users.filter((u) => memberIds(g).has(u._id)).filter(usersVisibleTo(role)),
          [['email', 1]],
        );
        const hosts = JSON.parse(g.allowed_vfolder_hosts as string) as Record<string, string[]>;
        expect(body).toEqual({
          data: {
            projectV2: {
              id: gid('ProjectV2', g._id),
              basicInfo: {
                name: g.name,
                description: g.description,
                type: g.type,
                integrationName: null,
              },
              organization: { domainName: g.domain_name, resourcePolicy: 'default' },
              storage: {
                allowedVfolderHosts: Object.entries(hosts).map(([host, p]) => ({
                  host,
                  permissions: p.map((x) => x.toUpperCase().replace(/-/g, '_')),
                })),
              },
              lifecycle: {
                isActive: true,
                createdAt: g.created_at.toISOString(),
                modifiedAt: g.modified_at.toISOString(),
              },
              domain: { basicInfo: { name: g.domain_name } },
              users: {
                count: users.length,
                edges: users.slice(0, 5).map((u) => ({ node: { basicInfo: { email: u.email } } })),
              },
            },
          },
        });
      }
    },
  );

  it.each(ROLES)(
    'domainV2 nests the projects and users a %s may see, each user with its projects',
    async (role) => {
      const projects = referenceSort(
        groups.filter((g) => g.domain_name === 'default').filter(groupsVisibleTo(role)),
        [['name', 1]],
      );
      const users = referenceSort(
        h.users
          .filter((u) => u.domain_name === 'default' && u.role === 'user')
          .filter(usersVisibleTo(role)),
        [['email', 1]],
      );
      const projectsOf = (u: UserDoc) =>
        referenceSort(groups.filter((g) => memberIds(g).has(u._id)).filter(groupsVisibleTo(role)), [
          ['created_at', -1],
        ]);
      expect(await h.run(role, h.document('domainV2_nested'), { domainName: 'default' })).toEqual({
        data: {
          domainV2: {
            basicInfo: { name: 'default' },
            projects: {
              count: projects.length,
              edges: projects.map((g) => ({ node: { basicInfo: { name: g.name } } })),
            },
            users: {
              count: users.length,
              edges: users.slice(0, 3).map((u) => ({
                node: {
                  basicInfo: { email: u.email },
                  projects: {
                    count: projectsOf(u).length,
                    edges: projectsOf(u).map((g) => ({ node: { basicInfo: { name: g.name } } })),
                  },
                },
              })),
            },
          },
        },
      });
    },
  );

  it('has a MODEL_STORE project and memberships to tell the cases apart', () => {
    expect([byName('models').type, memberIds(byName('default')).size > 2]).toEqual([
      'MODEL_STORE',
      true,
    ]);
  });
});
