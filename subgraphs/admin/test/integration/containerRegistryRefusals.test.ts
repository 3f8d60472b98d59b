import { SUPERADMIN_REQUIRED } from './registryHarness';
import { type Body, type Role, ROLES, summary, V2Harness } from './v2harness';

describe('container registries through the gateway (refused writes)', () => {
  const h = new V2Harness();
  beforeAll(() => h.start(20));
  afterAll(() => h.stop());

  const run = (name: string, vars: Record<string, unknown>, role: Role = 'superadmin') =>
    h.run(role, h.document(name), vars);
  const codes = (b: Body) => ({
    data: b.data,
    errors: b.errors?.map((e) => [e.extensions?.code, e.message]),
  });

  it.each([
    [
      { url: 'http://', type: 'docker' },
      'BAD_USER_INPUT',
      'Invalid URL format: the registry URL needs a host (e.g. registry.example.com)',
    ],
    [
      { url: 'https://h.example.com', type: 'harbor2' },
      'BAD_USER_INPUT',
      'Project name is required for Harbor.',
    ],
    [
      { url: 'https://h.example.com', type: 'harbor', project: 'Bad Name' },
      'BAD_USER_INPUT',
      'Invalid project name format.',
    ],
    [
      {
        url: 'https://cr.backend.ai',
        type: 'harbor2',
        project: 'lablup',
        registry_name: 'cr.backend.ai',
      },
      'BAD_USER_INPUT',
      'integrity error: duplicate value for unique field "registry_name, project"',
    ],
  ])('refuses to create %j', async (vars, code, message) => {
    const body = await run('create_container_registry_node', {
      registry_name: 'bad.example.com',
      ...vars,
    });
    expect(codes(body)).toEqual({
      data: { create_container_registry_node: null },
      errors: [[code, message]],
    });
  });

  it('refuses an unknown type with an input error and stores nothing', async () => {
    const body = await run('create_container_registry_node', {
      url: 'https://x.example.com',
      type: 'quay',
      registry_name: 'x',
    });
    expect(codes(body)).toEqual({
      data: { create_container_registry_node: null },
      errors: [
        [
          'BAD_USER_INPUT',
          expect.stringContaining(
            'Container registry type must be one of docker, harbor, harbor2, github, gitlab, ecr, ecr-public, local, ocp, got "quay"',
          ),
        ],
      ],
    });
    expect(await h.seeded.repos.containerRegistries.named('x')).toEqual([]);
  });

  it.each(ROLES.filter((r) => r !== 'superadmin'))(
    'refuses every registry mutation to a %s and changes nothing',
    async (role) => {
      const before = await h.seeded.repos.containerRegistries.all();
      const id = before[0]!._id;
      const attempts: [string, Record<string, unknown>][] = [
        [
          'create_container_registry_node',
          { url: 'https://e.example.com', type: 'docker', registry_name: 'e' },
        ],
        ['modify_container_registry_node', { id, url: 'https://evil.example.com' }],
        ['delete_container_registry_node', { id }],
        [
          'create_container_registry_node_v2',
          { props: { url: 'https://e.example.com', type: 'docker', registry_name: 'e' } },
        ],
        ['modify_container_registry_node_v2', { id, props: { password: 'x' } }],
        ['delete_container_registry_node_v2', { id }],
        [
          'create_container_registry',
          { hostname: 'e', props: { url: 'https://e.example.com', type: 'docker' } },
        ],
        [
          'modify_container_registry',
          { hostname: before[0]!.registry_name, props: { url: 'https://evil.example.com' } },
        ],
        ['delete_container_registry', { hostname: before[0]!.registry_name }],
      ];
      for (const [name, vars] of attempts)
        expect(summary(await run(name, vars, role))).toEqual({
          data: { [name]: null },
          errors: [SUPERADMIN_REQUIRED],
        });
      expect(await h.seeded.repos.containerRegistries.all()).toEqual(before);
    },
  );
});
