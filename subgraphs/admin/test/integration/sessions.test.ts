import type { RecordDoc } from '../../src/data/documents';
import { CURSOR, gid, referenceSort, type Role, ROLES, V2Harness } from './v2harness';

const WRITE = ['update_attribute', 'delete_session', 'start_app', 'execute', 'convert_to_image'];

describe('sessions: Relay compute_session_node(s) through the gateway', () => {
  const h = new V2Harness();
  let sessions: RecordDoc[];
  beforeAll(async () => {
    await h.start(40);
    sessions = await h.seeded.repos.sessions.find({});
  });
  afterAll(() => h.stop());

  const visibleTo = (role: Role) => (s: RecordDoc) =>
    role === 'superadmin' ||
    (role === 'user'
      ? s.access_key === h.user('user').main_access_key
      : s.domain_name === 'default');
  const perms = (role: Role) =>
    role === 'monitor' ? ['read_attribute'] : ['read_attribute', ...WRITE];
  const ownerEmail = (s: RecordDoc, role: Role) => {
    const u = h.users.find((x) => x._id === s.user_id);
    const sees =
      role === 'superadmin' ||
      (role === 'user' ? u?._id === h.user('user')._id : u?.domain_name === 'default');
    return sees ? { email: u?.email } : null;
  };
  const node = (s: RecordDoc, role: Role) => ({
    id: gid('ComputeSessionNode', s._id),
    row_id: s._id,
    name: s.name,
    type: s.type,
    status: s.status,
    domain_name: s.domain_name,
    project_id: s.group_id,
    user_id: s.user_id,
    access_key: s.access_key,
    scaling_group: s.scaling_group,
    created_at: (s.created_at as Date).toISOString(),
    image_references: [s.image],
    permissions: perms(role),
    owner: ownerEmail(s, role),
  });

  it.each(ROLES)(
    'compute_session_nodes gives a %s the sessions of its scope, newest first',
    async (role) => {
      const expected = referenceSort(sessions.filter(visibleTo(role)), [
        ['created_at', -1],
      ] as never).slice(0, 10);
      const total = sessions.filter(visibleTo(role)).length;
      expect(total).toBeGreaterThan(0);
      expect(await h.run(role, h.document('compute_session_nodes'), { first: 10 })).toEqual({
        data: {
          compute_session_nodes: {
            count: total,
            pageInfo: {
              hasNextPage: total > 10,
              hasPreviousPage: false,
              endCursor: expect.stringMatching(CURSOR),
            },
            edges: expected.map((s) => ({
              cursor: expect.stringMatching(CURSOR),
              node: node(s, role),
            })),
          },
        },
      });
    },
  );

  it('honours permission, scope_id, filter and order', async () => {
    const ids = async (role: Role, vars: Record<string, unknown>) =>
      (
        (await h.run(role, h.document('compute_session_nodes'), { first: 100, ...vars })).data
          ?.compute_session_nodes as { edges: { node: { row_id: string } }[] }
      ).edges.map((e) => e.node.row_id);
    expect(await ids('monitor', { permission: 'execute' })).toEqual([]);
    expect((await ids('admin', { permission: 'delete_session' })).length).toBe(
      sessions.filter(visibleTo('admin')).length,
    );
    const me = h.user('user');
    expect(await ids('superadmin', { scope_id: `user:${me._id}`, order: '+created_at' })).toEqual(
      referenceSort(
        sessions.filter((s) => s.user_id === me._id),
        [['created_at', 1]] as never,
      ).map((s) => s._id),
    );
    expect(await ids('admin', { scope_id: 'domain:lab-b' })).toEqual([]);
    expect(
      await ids('superadmin', {
        filter: 'status == "RUNNING" & domain_name == "lab-b"',
        order: '+name',
      }),
    ).toEqual(
      referenceSort(
        sessions.filter((s) => s.status === 'RUNNING' && s.domain_name === 'lab-b'),
        [['name', 1]] as never,
      ).map((s) => s._id),
    );
    const bad = await h.run('superadmin', h.document('compute_session_nodes'), {
      permission: 'sudo',
    });
    expect({ data: bad.data, codes: bad.errors?.map((e) => e.extensions?.code) }).toEqual({
      data: { compute_session_nodes: null },
      codes: ['BAD_USER_INPUT'],
    });
  });

  it.each(ROLES)(
    'compute_session_node shows a %s exactly the sessions of its scope',
    async (role) => {
      const sample = [
        ...sessions.filter(visibleTo(role)).slice(0, 3),
        ...sessions.filter((s) => !visibleTo(role)(s)).slice(0, 3),
      ];
      const seen = await Promise.all(
        sample.map(
          async (s) =>
            (
              (
                await h.run(role, h.document('compute_session_node'), {
                  id: gid('ComputeSessionNode', s._id),
                })
              ).data?.compute_session_node as { row_id: string } | null
            )?.row_id ?? null,
        ),
      );
      expect(seen).toEqual(sample.map((s) => (visibleTo(role)(s) ? s._id : null)));
    },
  );

  it('answers every field of a session', async () => {
    const s = sessions[0] as RecordDoc;
    expect(await h.run('superadmin', h.document('compute_session_node'), { id: s._id })).toEqual({
      data: {
        compute_session_node: {
          id: gid('ComputeSessionNode', s._id),
          row_id: s._id,
          tag: null,
          name: s.name,
          type: s.type,
          priority: null,
          cluster_mode: 'single-node',
          cluster_size: 1,
          status: s.status,
          status_info: s.status_info,
          status_data: s.status_data,
          status_history: s.status_history,
          result: s.result,
          agent_ids: s.agent_ids,
          occupied_slots: s.occupied_slots,
          requested_slots: s.requested_slots,
          service_ports: s.service_ports,
          abusing_reports: [],
          vfolder_mounts: [],
          num_queries: s.num_queries,
          terminated_at: s.terminated_at ? (s.terminated_at as Date).toISOString() : null,
        },
      },
    });
  });
});
