import type { RecordDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { CURSOR, gid, referenceSort, refusedBody, summary, V2Harness } from './v2harness';

describe('V2 resource groups through the gateway', () => {
  const h = new V2Harness();
  let groups: RecordDoc[];
  beforeAll(async () => {
    await h.start(20);
    const base = (await h.seeded.repos.scalingGroups.findOne({ _id: 'default' })) as RecordDoc;
    await h.seeded.repos.scalingGroups.insert({
      ...base,
      _id: 'archive',
      name: 'archive',
      description: 'Retired nodes',
      is_active: false,
      is_public: false,
      scheduler: 'fair-share',
      created_at: new Date('2023-06-01T00:00:00Z'),
      use_host_network: true,
    });
    groups = await h.seeded.repos.scalingGroups.find({});
  });
  afterAll(() => h.stop());

  const node = (g: RecordDoc) => ({
    id: gid('ResourceGroup', g._id),
    name: g._id,
    status: { isActive: g.is_active, isPublic: g.is_public, isDefault: g._id === 'default' },
    metadata: { description: g.description, createdAt: (g.created_at as Date).toISOString() },
    network: { wsproxyAddr: g.wsproxy_addr, useHostNetwork: g.use_host_network },
    scheduler: { type: String(g.scheduler).toUpperCase().replace('-', '_') },
  });

  it.each([
    ['default order (name)', null, null, () => true, [['_id', 1]]],
    [
      'CREATED_AT DESC',
      null,
      [{ field: 'CREATED_AT', direction: 'DESC' }],
      () => true,
      [['created_at', -1]],
    ],
    [
      'isActive, IS_ACTIVE then NAME DESC',
      { isActive: true },
      [
        { field: 'IS_ACTIVE', direction: 'ASC' },
        { field: 'NAME', direction: 'DESC' },
      ],
      (g: RecordDoc) => g.is_active === true,
      [
        ['is_active', 1],
        ['_id', -1],
      ],
    ],
    [
      'isDefault false OR description',
      { OR: [{ isDefault: true }, { description: { iContains: 'gpu' } }] },
      null,
      (g: RecordDoc) => g._id === 'default' || /gpu/i.test(String(g.description)),
      [['_id', 1]],
    ],
    [
      'NOT isPublic',
      { NOT: [{ isPublic: true }], isDefault: false },
      null,
      (g: RecordDoc) => g.is_public !== true && g._id !== 'default',
      [['_id', 1]],
    ],
  ] as [string, unknown, unknown, (g: RecordDoc) => boolean, [string, 1 | -1][]][])(
    'adminResourceGroups: %s matches the reference',
    async (_n, filter, orderBy, pred, order) => {
      const expected = referenceSort(groups.filter(pred), order as never);
      expect(expected.length).toBeGreaterThan(0);
      expect(
        await h.run('superadmin', h.document('adminResourceGroups'), { filter, orderBy }),
      ).toEqual({
        data: {
          adminResourceGroups: {
            count: expected.length,
            pageInfo: { hasNextPage: false, endCursor: expect.stringMatching(CURSOR) },
            edges: expected.map((g) => ({ cursor: expect.stringMatching(CURSOR), node: node(g) })),
          },
        },
      });
    },
  );

  it('resourceGroups answers the same list', async () => {
    expect(await h.run('superadmin', h.document('resourceGroups'), { first: 2 })).toEqual({
      data: {
        resourceGroups: {
          count: 3,
          edges: referenceSort(groups, [['_id', 1]])
            .slice(0, 2)
            .map((g) => ({ node: { name: g._id, scheduler: node(g).scheduler } })),
        },
      },
    });
  });

  it.each(['admin', 'monitor', 'user'] as const)(
    'refuses a %s, as scaling_groups does',
    async (role) => {
      expect(summary(await h.run(role, h.document('adminResourceGroups'), {}))).toEqual(
        refusedBody('adminResourceGroups', SUPERADMIN_REQUIRED),
      );
      expect(summary(await h.run(role, h.document('resourceGroups'), {}))).toEqual(
        refusedBody('resourceGroups', SUPERADMIN_REQUIRED),
      );
    },
  );
});
