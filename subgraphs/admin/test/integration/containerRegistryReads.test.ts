import { FIXTURE } from '../../scripts/lib/fixtures';
import { nodeOf, PASSWORD, RegistryHarness, SUPERADMIN_REQUIRED } from './registryHarness';
import { CURSOR, gid, ROLES, summary } from './v2harness';

describe('container registries through the gateway (reads)', () => {
  const h = new RegistryHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('seeds a registry for every registry the seeded images and domains name', async () => {
    const images = await h.seeded.repos.images.find({});
    const domains = await h.seeded.repos.domains.find({});
    const named = new Set(h.all.map((r) => r.registry_name));
    const wanted = [
      ...images.map((i) => i.registry as string),
      ...domains.flatMap((d) => d.allowed_docker_registries),
    ];
    expect([wanted.length > 0, wanted.filter((n) => !named.has(n))]).toEqual([true, []]);
    expect(
      h.all
        .filter((r) => !r.registry_name.startsWith('reg-'))
        .sort((a, b) => a.registry_name.localeCompare(b.registry_name))
        .map(nodeOf),
    ).toEqual([
      expect.objectContaining({
        registry_name: 'cr.backend.ai',
        type: 'harbor2',
        is_global: true,
      }),
      expect.objectContaining({ registry_name: 'docker.io', type: 'docker', is_global: false }),
    ]);
  });

  it.each(ROLES)('container_registry_nodes answers a %s as Backend.AI does', async (role) => {
    const body = await h.nodes({}, role);
    if (role !== 'superadmin')
      return expect(summary(body)).toEqual({
        data: { container_registry_nodes: null },
        errors: [SUPERADMIN_REQUIRED],
      });
    expect(body).toEqual({
      data: {
        container_registry_nodes: {
          count: h.all.length,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: false,
            startCursor: expect.stringMatching(CURSOR),
            endCursor: expect.stringMatching(CURSOR),
          },
          edges: h.all.map((r) => ({ cursor: expect.stringMatching(CURSOR), node: nodeOf(r) })),
        },
      },
    });
  });

  it.each(ROLES)('the password field never carries the credential for a %s', async (role) => {
    const secret = h.byName('reg-00');
    const one = await h.run(role, h.document('container_registry_node'), { id: secret._id });
    const legacy = await h.run(role, h.document('container_registry'), { hostname: 'reg-00' });
    const text = JSON.stringify([one, legacy, await h.nodes({}, role)]);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(secret.password_sealed as string);
    const password =
      role === 'superadmin'
        ? [
            (one.data?.container_registry_node as { password: unknown }).password,
            (legacy.data?.container_registry as { config: { password: unknown } }).config.password,
          ]
        : [summary(one), summary(legacy)];
    expect(password).toEqual(
      role === 'superadmin'
        ? ['*****', '*****']
        : [
            { data: { container_registry_node: null }, errors: [SUPERADMIN_REQUIRED] },
            { data: { container_registry: null }, errors: [SUPERADMIN_REQUIRED] },
          ],
    );
  });

  it('stores the password sealed, and it opens to what was sent', () => {
    const secret = h.byName('reg-00');
    expect(secret.password_sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(secret.password_sealed).not.toContain(PASSWORD);
    expect(h.seeded.repos.containerRegistries.passwordOf(secret)).toBe(PASSWORD);
  });

  it('answers one registry by global id or raw UUID, with its allowed groups', async () => {
    const dockerIo = h.byName('docker.io');
    const expected = {
      ...nodeOf(dockerIo),
      allowed_groups: {
        count: 1,
        pageInfo: { hasNextPage: false, hasPreviousPage: false },
        edges: [
          {
            node: {
              id: gid('GroupNode', FIXTURE.groupId),
              name: 'default',
              domain_name: 'default',
            },
          },
        ],
      },
    };
    for (const id of [gid('ContainerRegistryNode', dockerIo._id), dockerIo._id.toUpperCase()])
      expect(await h.run('superadmin', h.document('container_registry_node'), { id })).toEqual({
        data: { container_registry_node: expected },
      });
    const global = await h.run('superadmin', h.document('container_registry_node'), {
      id: h.byName('cr.backend.ai')._id,
      groupOrder: '-name',
      groupFirst: 2,
    });
    expect(global.data?.container_registry_node).toMatchObject({
      allowed_groups: {
        count: 3,
        pageInfo: { hasNextPage: true, hasPreviousPage: false },
        edges: [{ node: { name: 'vision' } }, { node: { name: 'nlp' } }],
      },
    });
  });

  it('answers the legacy container_registries by name and project', async () => {
    const sorted = [...h.all].sort((a, b) =>
      a.registry_name === b.registry_name
        ? String(a.project).localeCompare(String(b.project))
        : a.registry_name < b.registry_name
          ? -1
          : 1,
    );
    expect(await h.run('superadmin', h.document('container_registries'))).toEqual({
      data: {
        container_registries: sorted.map((r) => ({
          id: gid('ContainerRegistry', r._id),
          hostname: r.registry_name,
          config: {
            url: r.url,
            type: r.type,
            project: [r.project],
            username: r.username,
            password: r.password_sealed === null ? null : '*****',
            ssl_verify: r.ssl_verify,
            is_global: r.is_global,
          },
        })),
      },
    });
    expect(summary(await h.run('monitor', h.document('container_registries')))).toEqual({
      data: { container_registries: null },
      errors: [SUPERADMIN_REQUIRED],
    });
  });
});
