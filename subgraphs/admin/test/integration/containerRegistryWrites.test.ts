import { FIXTURE } from '../../scripts/lib/fixtures';
import { type Body, gid, type Role, V2Harness } from './v2harness';

type Reg = Record<string, unknown> & { id: string; row_id: string };

describe('container registries through the gateway (writes)', () => {
  const h = new V2Harness();
  beforeAll(() => h.start(20));
  afterAll(() => h.stop());

  const run = (name: string, vars: Record<string, unknown>, role: Role = 'superadmin') =>
    h.run(role, h.document(name), vars);
  const payload = (b: Body, field: string) =>
    (b.data?.[field] as { container_registry: Reg }).container_registry;
  const codes = (b: Body) => ({
    data: b.data,
    errors: b.errors?.map((e) => [e.extensions?.code, e.message]),
  });
  const readBack = async (id: string) =>
    (await run('container_registry_node', { id })).data?.container_registry_node as Reg | null;
  const stored = (id: string) => h.seeded.repos.containerRegistries.byId(id);

  it('creates, reads back, modifies and deletes a registry (graphene node mutations)', async () => {
    const created = payload(
      await run('create_container_registry_node', {
        url: 'https://harbor.example.com',
        type: 'harbor2',
        registry_name: 'harbor.example.com',
        project: 'ml',
        username: 'robot$ml',
        password: 'pw-1',
        extra: JSON.stringify({ webhook: true }),
      }),
      'create_container_registry_node',
    );
    const expected = {
      id: gid('ContainerRegistryNode', created.row_id),
      row_id: created.row_id,
      url: 'https://harbor.example.com',
      type: 'harbor2',
      registry_name: 'harbor.example.com',
      is_global: true,
      project: 'ml',
      username: 'robot$ml',
      password: '*****',
      ssl_verify: true,
      extra: '{"webhook":true}',
    };
    expect(created).toEqual(expected);
    expect(await readBack(created.id)).toMatchObject({ ...expected, name: null });
    expect(h.seeded.repos.containerRegistries.passwordOf((await stored(created.row_id))!)).toBe(
      'pw-1',
    );

    const modified = payload(
      await run('modify_container_registry_node', {
        id: created.id,
        url: 'https://harbor2.example.com',
        password: '*****',
        username: null,
        ssl_verify: false,
      }),
      'modify_container_registry_node',
    );
    const after = {
      ...expected,
      url: 'https://harbor2.example.com',
      username: null,
      ssl_verify: false,
    };
    expect(modified).toEqual(after);
    expect(await readBack(created.row_id)).toMatchObject(after);
    expect(h.seeded.repos.containerRegistries.passwordOf((await stored(created.row_id))!)).toBe(
      'pw-1',
    );
    await run('modify_container_registry_node', { id: created.id, password: null });
    expect(await readBack(created.id)).toMatchObject({ password: null });

    const deleted = await run('delete_container_registry_node', { id: created.id });
    expect(deleted).toEqual({
      data: {
        delete_container_registry_node: {
          container_registry: {
            id: created.id,
            row_id: created.row_id,
            registry_name: 'harbor.example.com',
            project: 'ml',
            password: null,
          },
        },
      },
    });
    expect([
      await stored(created.row_id),
      codes(await run('container_registry_node', { id: created.id })),
    ]).toEqual([
      null,
      {
        data: { container_registry_node: null },
        errors: [['NOT_FOUND', `Container registry not found (id: ${created.id})`]],
      },
    ]);
  });

  it('associates groups through the _v2 mutations', async () => {
    const vision = (await h.seeded.repos.groups.findOne({ name: 'vision' }))!;
    const created = payload(
      await run('create_container_registry_node_v2', {
        props: {
          url: 'quay.example.com',
          type: 'docker',
          registry_name: 'quay.example.com',
          is_global: false,
          allowed_groups: { add: [FIXTURE.groupId] },
        },
      }),
      'create_container_registry_node_v2',
    );
    expect(created).toMatchObject({
      is_global: false,
      password: null,
      allowed_groups: { count: 1, edges: [{ node: { name: 'default' } }] },
    });
    const modified = payload(
      await run('modify_container_registry_node_v2', {
        id: created.id,
        props: { allowed_groups: { add: [vision._id], remove: [FIXTURE.groupId] }, extra: '[1,2]' },
      }),
      'modify_container_registry_node_v2',
    );
    expect(modified).toMatchObject({
      extra: '[1,2]',
      allowed_groups: { count: 1, edges: [{ node: { name: 'vision' } }] },
    });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      codes(
        await run('modify_container_registry_node_v2', {
          id: created.id,
          props: { allowed_groups: { add: [missing] } },
        }),
      ),
    ).toEqual({
      data: { modify_container_registry_node_v2: null },
      errors: [['BAD_USER_INPUT', `integrity error: group "${missing}" does not exist`]],
    });
    expect(await run('delete_container_registry_node_v2', { id: created.id })).toEqual({
      data: {
        delete_container_registry_node_v2: {
          container_registry: {
            id: created.id,
            row_id: created.row_id,
            registry_name: 'quay.example.com',
          },
        },
      },
    });
  });

  it('serves the legacy hostname mutations', async () => {
    const props = {
      url: 'https://legacy.example.com',
      type: 'docker',
      project: ['p1', 'ignored'],
      password: 'pw-2',
    };
    const created = await run('create_container_registry', {
      hostname: 'legacy.example.com',
      props,
    });
    const config = {
      url: props.url,
      type: 'docker',
      project: ['p1'],
      username: null,
      password: '*****',
      ssl_verify: true,
      is_global: true,
    };
    expect(created).toEqual({
      data: {
        create_container_registry: {
          container_registry: { id: expect.any(String), hostname: 'legacy.example.com', config },
        },
      },
    });
    const changed = await run('modify_container_registry', {
      hostname: 'legacy.example.com',
      props: { type: 'gitlab', is_global: false },
    });
    expect(payload(changed, 'modify_container_registry')).toMatchObject({
      config: { ...config, type: 'gitlab', is_global: false },
    });
    expect((await run('container_registry', { hostname: 'legacy.example.com' })).data).toEqual({
      container_registry: {
        id: payload(created, 'create_container_registry').id,
        hostname: 'legacy.example.com',
        config: { ...config, type: 'gitlab', is_global: false },
      },
    });
    expect(
      payload(
        await run('delete_container_registry', { hostname: 'legacy.example.com' }),
        'delete_container_registry',
      ),
    ).toMatchObject({ hostname: 'legacy.example.com' });
    expect(codes(await run('container_registry', { hostname: 'legacy.example.com' }))).toEqual({
      data: { container_registry: null },
      errors: [['NOT_FOUND', 'Container registry not found (hostname: legacy.example.com)']],
    });
  });
});
