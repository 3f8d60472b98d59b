import type { RecordDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
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

const PRIVATE = 'registry.private.io';

describe('images: Relay image_node(s) and V2 imageV2/adminImagesV2 through the gateway', () => {
  const h = new V2Harness();
  let images: RecordDoc[];
  beforeAll(async () => {
    await h.start(30);
    const r = h.seeded.repos;
    const py = (await r.images.findOne({
      ref: 'cr.backend.ai/lablup/python:3.9-ubuntu20.04',
    })) as RecordDoc;
    await r.images.update({ _id: py._id }, { aliases: ['python', 'py39', 'legacy-py'] });
    await r.images.insertMany([
      {
        ...py,
        _id: '0d1e7e7e-0000-4000-8000-000000000001',
        registry: PRIVATE,
        name: 'team/secret-model',
        humanized_name: 'secret-model',
        tag: '1.0',
        ref: `${PRIVATE}/team/secret-model:1.0`,
        aliases: [],
      },
      {
        ...py,
        _id: '0d1e7e7e-0000-4000-8000-000000000002',
        name: 'lablup/old',
        humanized_name: 'old',
        tag: '0.1',
        ref: 'cr.backend.ai/lablup/old:0.1',
        aliases: [],
        status: 'DELETED',
      },
    ]);
    images = await r.images.find({});
  });
  afterAll(() => h.stop());

  const visibleTo = (role: Role) => (i: RecordDoc) =>
    role === 'superadmin' || i.registry === 'cr.backend.ai';
  const alive = (i: RecordDoc) => i.status !== 'DELETED';
  const perms: Record<Role, string[]> = {
    superadmin: [
      'read_attribute',
      'read_sensitive_attribute',
      'create_container',
      'update_attribute',
      'forget_image',
    ],
    admin: ['read_attribute', 'read_sensitive_attribute', 'create_container'],
    monitor: ['read_attribute', 'read_sensitive_attribute'],
    user: ['read_attribute', 'read_sensitive_attribute', 'create_container'],
  };
  const node = (i: RecordDoc, role: Role) => {
    const ns = String(i.name);
    const parts = ns.split('/');
    return {
      id: gid('ImageNode', i._id),
      row_id: i._id,
      name: ns,
      namespace: ns,
      base_image_name: parts[parts.length - 1],
      project: parts.slice(0, -1).join('/'),
      humanized_name: i.humanized_name,
      tag: i.tag,
      registry: i.registry,
      architecture: i.architecture,
      status: i.status === 'DELETED' ? 'DELETED' : 'ALIVE',
      aliases: i.aliases,
      installed: i.installed,
      type: i.is_operation ? 'SYSTEM' : 'COMPUTE',
      permissions: perms[role],
      size_bytes: i.size_bytes,
    };
  };

  it.each(ROLES)('image_nodes lists the live images a %s may see, by reference', async (role) => {
    const expected = referenceSort(images.filter(visibleTo(role)).filter(alive), [
      ['ref', 1],
    ] as never);
    expect(await h.run(role, h.document('image_nodes'), { scope_id: 'system' })).toEqual({
      data: {
        image_nodes: {
          count: expected.length,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: false,
            endCursor: expect.stringMatching(CURSOR),
          },
          edges: expected.map((i) => ({
            cursor: expect.stringMatching(CURSOR),
            node: node(i, role),
          })),
        },
      },
    });
  });

  it('image_nodes honours statuses, filters, order, scopes and permissions', async () => {
    const refs = async (role: Role, vars: Record<string, unknown>) =>
      (
        (await h.run(role, h.document('image_nodes'), { scope_id: 'system', ...vars })).data
          ?.image_nodes as { edges: { node: { registry: string; name: string; tag: string } }[] }
      ).edges.map((e) => `${e.node.registry}/${e.node.name}:${e.node.tag}`);
    expect(await refs('superadmin', { filter_by_statuses: ['DELETED'] })).toEqual([
      'cr.backend.ai/lablup/old:0.1',
    ]);
    expect((await refs('superadmin', { filter_by_statuses: ['ALIVE', 'DELETED'] })).length).toBe(
      images.length,
    );
    expect(await refs('superadmin', { filter: 'architecture == "aarch64"' })).toEqual([
      'cr.backend.ai/lablup/python:3.11-ubuntu22.04',
    ]);
    const bySize = referenceSort(images.filter(alive), [
      ['name', -1],
      ['tag', 1],
    ] as never).map((i) => String(i.ref));
    expect(await refs('superadmin', { order: '-name,+tag' })).toEqual(bySize);
    expect(await refs('superadmin', { scope_id: 'domain:default' })).toEqual(
      referenceSort(images.filter(visibleTo('user')).filter(alive), [['ref', 1]] as never).map(
        (i) => String(i.ref),
      ),
    );
    expect(await refs('monitor', { permission: 'create_container' })).toEqual([]);
    expect(await refs('admin', { permission: 'update_attribute' })).toEqual([]);
    const bad = await h.run('superadmin', h.document('image_nodes'), { scope_id: 'planet:mars' });
    expect({ data: bad.data, codes: bad.errors?.map((e) => e.extensions?.code) }).toEqual({
      data: { image_nodes: null },
      codes: ['BAD_USER_INPUT'],
    });
  });

  it.each(ROLES)('image_node shows a %s only images of its registries', async (role) => {
    const seen = await Promise.all(
      images.map(
        async (i) =>
          (
            (await h.run(role, h.document('image_node'), { id: gid('ImageNode', i._id) })).data
              ?.image_node as { id: string } | null
          )?.id ?? null,
      ),
    );
    expect(seen).toEqual(images.map((i) => (visibleTo(role)(i) ? gid('ImageNode', i._id) : null)));
  });

  it.each([
    ['default order (canonical name ASC)', null, null, () => true, 1],
    [
      'name contains, NAME DESC',
      { name: { contains: 'python' } },
      [{ field: 'NAME', direction: 'DESC' }],
      (i: RecordDoc) => String(i.ref).includes('python'),
      -1,
    ],
    [
      'status ALIVE (stored without status)',
      { status: { equals: 'ALIVE' } },
      null,
      (i: RecordDoc) => i.status !== 'DELETED',
      1,
    ],
    [
      'status notIn ALIVE',
      { status: { notIn: ['ALIVE'] } },
      null,
      (i: RecordDoc) => i.status === 'DELETED',
      1,
    ],
    [
      'alias nested OR architecture',
      { OR: [{ alias: { alias: { equals: 'py39' } } }, { architecture: { equals: 'aarch64' } }] },
      null,
      (i: RecordDoc) => (i.aliases as string[]).includes('py39') || i.architecture === 'aarch64',
      1,
    ],
    [
      'NOT id in',
      { NOT: [{ id: { in: ['0d1e7e7e-0000-4000-8000-000000000001'] } }] },
      null,
      (i: RecordDoc) => i._id !== '0d1e7e7e-0000-4000-8000-000000000001',
      1,
    ],
  ] as [string, unknown, unknown, (i: RecordDoc) => boolean, 1 | -1][])(
    'adminImagesV2: %s matches the reference',
    async (_n, filter, orderBy, pred, dir) => {
      const expected = referenceSort(images.filter(pred), [['ref', dir]] as never);
      expect(expected.length).toBeGreaterThan(0);
      expect(await h.run('superadmin', h.document('adminImagesV2'), { filter, orderBy })).toEqual({
        data: {
          adminImagesV2: {
            count: expected.length,
            pageInfo: { hasNextPage: false, endCursor: expect.stringMatching(CURSOR) },
            edges: expected.map((i) => {
              const aliases = [...(i.aliases as string[])].sort();
              return {
                node: {
                  id: gid('ImageV2', i._id),
                  identity: {
                    canonicalName: i.ref,
                    namespace: i.name,
                    architecture: i.architecture,
                  },
                  metadata: {
                    status: i.status === 'DELETED' ? 'DELETED' : 'ALIVE',
                    sizeBytes: i.size_bytes,
                  },
                  aliases: {
                    count: aliases.length,
                    edges: aliases.map((alias) => ({ node: { alias } })),
                  },
                },
              };
            }),
          },
        },
      });
    },
  );

  it.each(['admin', 'monitor', 'user'] as const)('adminImagesV2 refuses a %s', async (role) => {
    expect(summary(await h.run(role, h.document('adminImagesV2'), {}))).toEqual(
      refusedBody('adminImagesV2', SUPERADMIN_REQUIRED),
    );
  });

  it.each(ROLES)(
    'imageV2 shows a %s an image of its registries with its permissions, and hides others',
    async (role) => {
      const py = images.find((i) => (i.aliases as string[]).includes('py39')) as RecordDoc;
      expect(await h.run(role, h.document('imageV2'), { id: gid('ImageV2', py._id) })).toEqual({
        data: {
          imageV2: {
            id: gid('ImageV2', py._id),
            identity: { canonicalName: py.ref, namespace: 'lablup/python', architecture: 'x86_64' },
            metadata: {
              digest: py.digest,
              sizeBytes: py.size_bytes,
              createdAt: null,
              lastUsedAt: null,
              tags: [],
              labels: py.labels,
              status: 'ALIVE',
            },
            requirements: {
              supportedAccelerators: py.supported_accelerators,
              resourceLimits: py.resource_limits,
            },
            permission: {
              permissions: perms[role]
                .filter((p) => p !== 'read_sensitive_attribute')
                .map((p) => p.toUpperCase()),
            },
            lastUsed: null,
            aliases: {
              count: 2,
              edges: [
                { node: { id: gid('ImageV2Alias', `${py._id}:python`), alias: 'python' } },
                { node: { id: gid('ImageV2Alias', `${py._id}:py39`), alias: 'py39' } },
              ],
            },
          },
        },
      });
      const hidden = await h.run(role, h.document('imageV2'), {
        id: '0d1e7e7e-0000-4000-8000-000000000001',
      });
      if (role === 'superadmin')
        expect((hidden.data?.imageV2 as { id: string }).id).toBe(
          gid('ImageV2', '0d1e7e7e-0000-4000-8000-000000000001'),
        );
      else expect(summary(hidden)).toEqual(refusedBody('imageV2', 'Image not found.'));
    },
  );
});
