import type { KeyPairDoc, RecordDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { gid, referenceSort, refusedBody, ROLES, summary, V2Harness } from './v2harness';

const T = (d: string) => new Date(`2024-0${d}T00:00:00Z`);

describe('strawberry V2 resource policies and presets through the gateway', () => {
  const h = new V2Harness();
  let kpPolicies: RecordDoc[];
  let userPolicies: RecordDoc[];
  let projectPolicies: RecordDoc[];
  let presets: RecordDoc[];
  let keypairs: KeyPairDoc[];
  beforeAll(async () => {
    await h.start(40);
    const r = h.seeded.repos;
    await r.keypairPolicies.insertMany([
      {
        _id: 'gpu-heavy',
        name: 'gpu-heavy',
        created_at: T('3-01'),
        default_for_unspecified: 'LIMITED',
        total_resource_slots: JSON.stringify({ cpu: '64', mem: '256g', 'cuda.shares': 'Infinity' }),
        max_session_lifetime: 86400,
        max_concurrent_sessions: 4,
        max_containers_per_session: 8,
        idle_timeout: 7200,
        allowed_vfolder_hosts: JSON.stringify({
          'local:volume1': ['create-vfolder', 'mount-in-session'],
        }),
        max_concurrent_sftp_sessions: 2,
        max_pending_session_count: 3,
        max_pending_session_resource_slots: JSON.stringify({ cpu: '8' }),
      },
      {
        _id: 'tiny',
        name: 'tiny',
        created_at: T('2-01'),
        default_for_unspecified: 'LIMITED',
        total_resource_slots: JSON.stringify({ cpu: '1', mem: '1g' }),
        max_session_lifetime: 3600,
        max_concurrent_sessions: 1,
        max_containers_per_session: 1,
        idle_timeout: 600,
        allowed_vfolder_hosts: '{}',
        max_concurrent_sftp_sessions: 1,
        max_pending_session_count: null,
        max_pending_session_resource_slots: null,
      },
    ]);
    await r.keypairs.update(
      { _id: h.user('admin').main_access_key as string },
      { resource_policy: 'gpu-heavy' },
    );
    await r.userPolicies.insertMany([
      {
        _id: 'researcher',
        name: 'researcher',
        created_at: T('2-01'),
        max_vfolder_count: 20,
        max_quota_scope_size: 2 ** 40,
        max_session_count_per_model_session: 5,
        max_customized_image_count: 10,
      },
      {
        _id: 'guest',
        name: 'guest',
        created_at: T('3-01'),
        max_vfolder_count: 1,
        max_quota_scope_size: 512 * 2 ** 20,
        max_session_count_per_model_session: 1,
        max_customized_image_count: 0,
      },
    ]);
    await r.projectPolicies.insertMany([
      {
        _id: 'big-project',
        name: 'big-project',
        created_at: T('2-01'),
        max_vfolder_count: 100,
        max_quota_scope_size: 10 * 2 ** 40,
      },
    ]);
    kpPolicies = await r.keypairPolicies.find({});
    userPolicies = await r.userPolicies.find({});
    projectPolicies = await r.projectPolicies.find({});
    presets = await r.presets.find({});
    keypairs = await r.keypairs.find({});
  });
  afterAll(() => h.stop());

  const hosts = (p: RecordDoc) =>
    Object.entries(JSON.parse(p.allowed_vfolder_hosts as string) as Record<string, string[]>).map(
      ([host, perms]) => ({
        host,
        permissions: perms.map((x) => x.toUpperCase().replace(/-/g, '_')),
      }),
    );
  const limits = (stored: unknown) =>
    stored === null
      ? null
      : Object.entries(JSON.parse(stored as string) as Record<string, string>).map(
          ([resourceType, v]) =>
            v === 'Infinity'
              ? { resourceType, quantity: null, unlimited: true }
              : {
                  resourceType,
                  quantity: /g$/.test(v) ? String(Number(v.slice(0, -1)) * 2 ** 30) : v,
                  unlimited: false,
                },
        );
  const kpNode = (p: RecordDoc) => ({
    id: gid('KeypairResourcePolicyV2', p._id),
    name: p._id,
    defaultForUnspecified: p.default_for_unspecified,
    maxSessionLifetime: p.max_session_lifetime,
    maxConcurrentSessions: p.max_concurrent_sessions,
    maxPendingSessionCount: p.max_pending_session_count ?? null,
    maxPriority: null,
    maxConcurrentSftpSessions: p.max_concurrent_sftp_sessions,
    maxContainersPerSession: p.max_containers_per_session,
    idleTimeout: p.idle_timeout,
    totalResourceSlots: limits(p.total_resource_slots),
    maxPendingSessionResourceSlots: limits(p.max_pending_session_resource_slots ?? null),
    allowedVfolderHosts: hosts(p),
  });
  const size = (n: number) => ({
    expr: String(n),
    display:
      n === 2 ** 40 ? '1t' : n === 512 * 2 ** 20 ? '512m' : n === 10 * 2 ** 40 ? '10t' : String(n),
  });

  it.each([
    ['default order', null, null, () => true, [['created_at', -1]]],
    ['name ASC', null, [{ field: 'NAME', direction: 'ASC' }], () => true, [['_id', 1]]],
    [
      'int ranges',
      {
        maxConcurrentSessions: { greaterThan: 1, lessThanOrEqual: 30 },
        idleTimeout: { greaterThanOrEqual: 3600 },
      },
      [{ field: 'IDLE_TIMEOUT', direction: 'DESC' }],
      (p: RecordDoc) =>
        (p.max_concurrent_sessions as number) > 1 && (p.idle_timeout as number) >= 3600,
      [['idle_timeout', -1]],
    ],
    [
      'keypair nested',
      { keypair: { userId: { equals: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4' } } },
      null,
      (p: RecordDoc) => p._id === 'default',
      [['created_at', -1]],
    ],
    [
      'OR / NOT',
      {
        OR: [{ name: { iStartsWith: 'GPU' } }, { maxSessionLifetime: { equals: 3600 } }],
        NOT: [{ maxPendingSessionCount: { equals: 3 } }],
      },
      [{ field: 'MAX_SESSION_LIFETIME', direction: 'ASC' }],
      (p: RecordDoc) => p._id === 'tiny',
      [['max_session_lifetime', 1]],
    ],
  ] as [string, unknown, unknown, (p: RecordDoc) => boolean, [string, 1 | -1][]][])(
    'adminKeypairResourcePoliciesV2: %s matches the reference',
    async (_n, filter, orderBy, pred, order) => {
      const expected = referenceSort(kpPolicies.filter(pred), order as never);
      expect(expected.length).toBeGreaterThan(0);
      expect(
        await h.run('superadmin', h.document('adminKeypairResourcePoliciesV2'), {
          filter,
          orderBy,
        }),
      ).toEqual({
        data: {
          adminKeypairResourcePoliciesV2: {
            count: expected.length,
            edges: expected.map((p) => ({ node: kpNode(p) })),
          },
        },
      });
    },
  );

  it.each([
    ['default order', null, null, () => true, [['created_at', -1]]],
    [
      'quota below 1g (Int, as published), customized DESC',
      { maxQuotaScopeSize: { lessThan: 2 ** 30 } },
      [{ field: 'MAX_CUSTOMIZED_IMAGE_COUNT', direction: 'DESC' }],
      (p: RecordDoc) => (p.max_quota_scope_size as number) < 2 ** 30,
      [['max_customized_image_count', -1]],
    ],
  ] as [string, unknown, unknown, (p: RecordDoc) => boolean, [string, 1 | -1][]][])(
    'adminUserResourcePoliciesV2: %s matches the reference',
    async (_n, filter, orderBy, pred, order) => {
      const expected = referenceSort(userPolicies.filter(pred), order as never);
      expect(
        await h.run('superadmin', h.document('adminUserResourcePoliciesV2'), { filter, orderBy }),
      ).toEqual({
        data: {
          adminUserResourcePoliciesV2: {
            count: expected.length,
            edges: expected.map((p) => ({
              node: {
                id: gid('UserResourcePolicyV2', p._id),
                name: p._id,
                maxVfolderCount: p.max_vfolder_count,
                maxConcurrentLogins: null,
                maxQuotaScopeSize: size(p.max_quota_scope_size as number),
                maxSessionCountPerModelSession: p.max_session_count_per_model_session,
                maxCustomizedImageCount: p.max_customized_image_count,
              },
            })),
          },
        },
      });
    },
  );

  it('adminProjectResourcePoliciesV2 orders and filters', async () => {
    const expected = referenceSort(projectPolicies, [['max_vfolder_count', -1]] as never);
    expect(
      await h.run('superadmin', h.document('adminProjectResourcePoliciesV2'), {
        orderBy: [{ field: 'MAX_VFOLDER_COUNT', direction: 'DESC' }],
      }),
    ).toEqual({
      data: {
        adminProjectResourcePoliciesV2: {
          count: 2,
          edges: expected.map((p) => ({
            node: {
              id: gid('ProjectResourcePolicyV2', p._id),
              name: p._id,
              maxVfolderCount: p.max_vfolder_count,
              maxQuotaScopeSize: size(p.max_quota_scope_size as number),
              maxNetworkCount: -1,
            },
          })),
        },
      },
    });
    const filtered = await h.run('superadmin', h.document('adminProjectResourcePoliciesV2'), {
      filter: { name: { notEquals: 'default' } },
    });
    expect((filtered.data?.adminProjectResourcePoliciesV2 as { count: number }).count).toBe(1);
  });

  it('singular admin policies answer a superadmin, and errors for unknown names', async () => {
    expect(
      await h.run('superadmin', h.document('adminKeypairResourcePolicyV2'), { name: 'gpu-heavy' }),
    ).toEqual({
      data: {
        adminKeypairResourcePolicyV2: {
          name: 'gpu-heavy',
          maxConcurrentSessions: 4,
          keypairs: { count: 1, edges: [{ node: { accessKey: h.user('admin').main_access_key } }] },
        },
      },
    });
    const dflt = referenceSort(
      keypairs.filter((k) => k.resource_policy === 'default'),
      [['_id', 1]],
    );
    expect(
      (await h.run('superadmin', h.document('adminKeypairResourcePolicyV2'), { name: 'default' }))
        .data,
    ).toEqual({
      adminKeypairResourcePolicyV2: {
        name: 'default',
        maxConcurrentSessions: 30,
        keypairs: {
          count: dflt.length,
          edges: dflt.slice(0, 3).map((k) => ({ node: { accessKey: k._id } })),
        },
      },
    });
    expect(await h.run('superadmin', h.document('policySingulars'), { name: 'default' })).toEqual({
      data: {
        adminUserResourcePolicyV2: { name: 'default', maxVfolderCount: 0 },
        adminProjectResourcePolicyV2: { name: 'default', maxVfolderCount: 0 },
      },
    });
    expect(
      summary(
        await h.run('superadmin', h.document('adminKeypairResourcePolicyV2'), { name: 'nope' }),
      ),
    ).toEqual(refusedBody('adminKeypairResourcePolicyV2', 'Resource policy not found.'));
  });

  it.each(['admin', 'monitor', 'user'] as const)(
    'admin policy and preset fields refuse a %s',
    async (role) => {
      for (const [doc, field, vars] of [
        ['adminKeypairResourcePoliciesV2', 'adminKeypairResourcePoliciesV2', {}],
        ['adminUserResourcePoliciesV2', 'adminUserResourcePoliciesV2', {}],
        ['adminProjectResourcePoliciesV2', 'adminProjectResourcePoliciesV2', {}],
        ['adminKeypairResourcePolicyV2', 'adminKeypairResourcePolicyV2', { name: 'default' }],
        ['adminResourcePresetsV2', 'adminResourcePresetsV2', {}],
      ] as [string, string, Record<string, unknown>][]) {
        expect(summary(await h.run(role, h.document(doc), vars))).toEqual(
          refusedBody(field, SUPERADMIN_REQUIRED),
        );
      }
    },
  );

  it.each(ROLES)('my*ResourcePolicyV2 give a %s its own policies', async (role) => {
    const kp = kpPolicies.find(
      (p) => p._id === (role === 'admin' ? 'gpu-heavy' : 'default'),
    ) as RecordDoc;
    const up = userPolicies.find((p) => p._id === 'default') as RecordDoc;
    expect(await h.run(role, h.document('myPolicies'))).toEqual({
      data: {
        myKeypairResourcePolicyV2: {
          id: gid('KeypairResourcePolicyV2', kp._id),
          name: kp._id,
          maxConcurrentSessions: kp.max_concurrent_sessions,
          totalResourceSlots: limits(kp.total_resource_slots),
        },
        myUserResourcePolicyV2: {
          id: gid('UserResourcePolicyV2', 'default'),
          name: 'default',
          maxCustomizedImageCount: up.max_customized_image_count,
          maxQuotaScopeSize: { expr: '-1', display: '-1' },
        },
      },
    });
  });

  it("keeps a policy's keypair list to superadmins", async () => {
    expect(await h.run('superadmin', h.document('myKeypairPolicyKeypairs'))).toEqual({
      data: {
        myKeypairResourcePolicyV2: {
          name: 'default',
          keypairs: { count: keypairs.filter((k) => k.resource_policy === 'default').length },
        },
      },
    });
    for (const role of ['admin', 'monitor', 'user'] as const) {
      const body = await h.run(role, h.document('myKeypairPolicyKeypairs'));
      expect(summary(body)).toEqual({
        data: {
          myKeypairResourcePolicyV2: {
            name: role === 'admin' ? 'gpu-heavy' : 'default',
            keypairs: null,
          },
        },
        errors: [SUPERADMIN_REQUIRED],
      });
    }
  });

  it('adminResourcePresetsV2 lists presets by name, filters and pages', async () => {
    const nodes = referenceSort(presets, [['_id', 1]]).map((p) => ({
      id: gid('ResourcePresetV2', p._id),
      name: p._id,
      resourceSlots: Object.entries(
        JSON.parse(p.resource_slots as string) as Record<string, string>,
      ).map(([resourceType, v]) => ({
        resourceType,
        quantity: /g$/.test(v) ? String(Number(v.slice(0, -1)) * 2 ** 30) : v,
      })),
      sharedMemory: {
        expr: String(p.shared_memory),
        display:
          (p.shared_memory as number) % 2 ** 30 === 0
            ? `${(p.shared_memory as number) / 2 ** 30}g`
            : `${(p.shared_memory as number) / 2 ** 20}m`,
      },
      resourceGroupName: null,
    }));
    expect(await h.run('superadmin', h.document('adminResourcePresetsV2'), {})).toEqual({
      data: {
        adminResourcePresetsV2: {
          count: 3,
          pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
          edges: nodes.map((node) => ({ node })),
        },
      },
    });
    const desc = await h.run('superadmin', h.document('adminResourcePresetsV2'), {
      orderBy: [{ field: 'NAME', direction: 'DESC' }],
      filter: { name: { startsWith: 'cpu' } },
    });
    expect(
      (desc.data?.adminResourcePresetsV2 as { edges: { node: { name: string } }[] }).edges.map(
        (e) => e.node.name,
      ),
    ).toEqual(['cpu04-medium', 'cpu01-small']);
    const page1 = (await h.run('superadmin', h.document('adminResourcePresetsV2'), { first: 2 }))
      .data?.adminResourcePresetsV2 as {
      pageInfo: { endCursor: string };
      edges: { node: { name: string } }[];
    };
    const page2 = (
      await h.run('superadmin', h.document('adminResourcePresetsV2'), {
        first: 2,
        after: page1.pageInfo.endCursor,
      })
    ).data?.adminResourcePresetsV2 as typeof page1;
    expect([...page1.edges, ...page2.edges].map((e) => e.node.name)).toEqual(
      nodes.map((n) => n.name),
    );
  });
});
