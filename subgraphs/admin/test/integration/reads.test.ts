import { FIXTURE } from '../../scripts/lib/fixtures';
import { type SeededStack, startSeededStack } from './seeded';

describe('read-mostly fields through the gateway', () => {
  let seeded: SeededStack;
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await seeded.stack.request({ query, variables });
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    return res.body.data as Record<string, unknown>;
  };

  beforeAll(async () => {
    seeded = await startSeededStack(20);
  });
  afterAll(() => seeded?.stop());

  it('resolves a keypair with its owner, projects and sessions', async () => {
    const user = await seeded.repos.users.byEmail(FIXTURE.userEmail);
    const ak = user?.main_access_key as string;
    const sessions = await seeded.repos.sessions.find({ access_key: ak });
    const data = await run(
      'query($ak: String) { keypair(access_key: $ak) { id user user_info { email } full_name projects compute_sessions { access_key } concurrency_limit } }',
      { ak },
    );
    expect(data.keypair).toEqual({
      id: ak,
      user: FIXTURE.userId,
      user_info: { email: FIXTURE.userEmail },
      full_name: user?.full_name,
      projects: ['default'],
      compute_sessions: sessions.map(() => ({ access_key: ak })),
      concurrency_limit: 0,
    });
  });

  it('resolves scaling groups, their agents and associations', async () => {
    const data = await run(
      '{ scaling_groups_for_domain(domain: "default") { name agent_count_by_status agent_total_resource_slots_by_status } domain { scaling_groups } }',
    );
    const alive = await seeded.repos.agents.find({ scaling_group: 'default', status: 'ALIVE' });
    const sg = (
      data.scaling_groups_for_domain as {
        name: string;
        agent_count_by_status: number;
        agent_total_resource_slots_by_status: string;
      }[]
    )[0];
    expect([sg?.name, sg?.agent_count_by_status, data.domain]).toEqual([
      'default',
      alive.length,
      { scaling_groups: ['default'] },
    ]);
    expect(JSON.parse(sg?.agent_total_resource_slots_by_status ?? '{}')).toMatchObject({
      available_slots: { cpu: 32 * alive.length },
    });
  });

  it('finds images by reference and alias, and sessions with their containers', async () => {
    await run(
      'mutation { alias_image(alias: "python", target: "cr.backend.ai/lablup/python:3.9-ubuntu20.04") { ok } }',
    );
    const data = await run(
      '{ image(reference: "python") { name tag labels { key value } resource_limits { key min max } } }',
    );
    expect(data.image).toEqual({
      name: 'lablup/python',
      tag: '3.9-ubuntu20.04',
      labels: [{ key: 'ai.backend.kernelspec', value: '1' }],
      resource_limits: [
        { key: 'cpu', min: '1', max: 'Infinity' },
        { key: 'mem', min: '1g', max: 'Infinity' },
      ],
    });
    const [session] = await seeded.repos.sessions.find({}, [['created_at', -1]], 1);
    const s = await run(
      'query($id: UUID!, $sid: ID!) { compute_session(id: $id) { id status_history containers { session_id role } } compute_container_list(limit: 5, offset: 0, session_id: $sid) { total_count } }',
      {
        id: session?._id,
        sid: session?._id,
      },
    );
    expect(s).toEqual({
      compute_session: {
        id: session?._id,
        status_history: session?.status_history,
        containers: [{ session_id: session?._id, role: 'main' }],
      },
      compute_container_list: { total_count: 1 },
    });
  });

  it('lists policies, presets and groups by name', async () => {
    const data = await run(
      '{ resource_presets { name shared_memory resource_slots } user_resource_policies { id name } project_resource_policies { name } groups_by_name(name: "default") { id } keypair_resource_policy { name } }',
    );
    expect(data).toEqual({
      resource_presets: [
        { name: 'cpu01-small', shared_memory: 67108864, resource_slots: '{"cpu":"1","mem":"2g"}' },
        {
          name: 'cpu04-medium',
          shared_memory: 1073741824,
          resource_slots: '{"cpu":"4","mem":"16g"}',
        },
        {
          name: 'gpu1-large',
          shared_memory: 4294967296,
          resource_slots: '{"cpu":"8","mem":"64g","cuda.shares":"1"}',
        },
      ],
      user_resource_policies: [{ id: 'default', name: 'default' }],
      project_resource_policies: [{ name: 'default' }],
      groups_by_name: [{ id: FIXTURE.groupId }],
      keypair_resource_policy: { name: 'default' },
    });
  });

  it('filters users by group and keypairs by owner', async () => {
    const members = await seeded.repos.members.userIdsOf(FIXTURE.groupId);
    const data = await run(
      `query($g: UUID) { users(group_id: $g) { uuid } keypairs(email: "${FIXTURE.userEmail}") { user_id } }`,
      { g: FIXTURE.groupId },
    );
    expect([(data.users as { uuid: string }[]).map((u) => u.uuid).sort(), data.keypairs]).toEqual([
      members.sort(),
      [{ user_id: FIXTURE.userEmail }],
    ]);
  });

  it('creates a preset from a binary size and modifies it', async () => {
    expect(
      await run(
        'mutation { create_resource_preset(name: "tiny", props: { resource_slots: "{\\"cpu\\": \\"1\\"}", shared_memory: "512m" }) { ok resource_preset { shared_memory resource_slots } } }',
      ),
    ).toEqual({
      create_resource_preset: {
        ok: true,
        resource_preset: { shared_memory: 536870912, resource_slots: '{"cpu":"1"}' },
      },
    });
    expect(
      await run(
        'mutation { modify_resource_preset(name: "tiny", props: { shared_memory: "1g" }) { ok msg } }',
      ),
    ).toEqual({ modify_resource_preset: { ok: true, msg: 'success' } });
    expect(await run('mutation { delete_resource_preset(name: "nope") { ok msg } }')).toEqual({
      delete_resource_preset: { ok: false, msg: 'no matching resourcepreset' },
    });
  });
});
