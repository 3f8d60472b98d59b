import type { RecordDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { CURSOR, gid, referenceSort, refusedBody, summary, V2Harness } from './v2harness';

const j = (v: unknown) => JSON.parse(v as string) as Record<string, string>;

describe('agents: Relay agent_nodes and V2 agentsV2 through the gateway', () => {
  const h = new V2Harness();
  let agents: RecordDoc[];
  beforeAll(async () => {
    await h.start(80); // 8 agents: i-agent-006 is LOST
    agents = await h.seeded.repos.agents.find({});
  });
  afterAll(() => h.stop());

  const relayNode = (a: RecordDoc) => ({
    id: gid('AgentNode', a._id),
    row_id: a._id,
    status: a.status,
    region: a.region,
    scaling_group: a.scaling_group,
    schedulable: a.schedulable,
    available_slots: a.available_slots,
    occupied_slots: a.occupied_slots,
    addr: a.addr,
    architecture: a.architecture,
    first_contact: (a.first_contact as Date).toISOString(),
    lost_at: a.lost_at ? (a.lost_at as Date).toISOString() : null,
    version: a.version,
    container_count: a.container_count,
    gpu_alloc_map: null,
    permissions: ['read_attribute', 'update_attribute', 'create_compute_session', 'create_service'],
  });
  const v2Node = (a: RecordDoc) => {
    const capacity = j(a.available_slots);
    const used = j(a.occupied_slots);
    const free = Object.fromEntries(
      [...new Set([...Object.keys(capacity), ...Object.keys(used)])].map((k) => [
        k,
        String(Number(capacity[k] ?? 0) - Number(used[k] ?? 0)),
      ]),
    );
    return {
      id: gid('AgentV2', a._id),
      resourceInfo: { capacity, used, free },
      statusInfo: {
        status: a.status,
        statusChanged: (a.status_changed as Date).toISOString(),
        firstContact: (a.first_contact as Date).toISOString(),
        lostAt: a.lost_at ? (a.lost_at as Date).toISOString() : null,
        schedulable: a.schedulable,
      },
      systemInfo: {
        architecture: 'x86_64',
        version: a.version,
        autoTerminateAbusingKernel: false,
        computePlugins: {
          entries: Object.entries(j(a.compute_plugins)).map(([pluginName, v]) => ({
            pluginName,
            value: JSON.stringify(v),
          })),
        },
      },
      networkInfo: { region: a.region, addr: a.addr },
      permissions: [
        'READ_ATTRIBUTE',
        'UPDATE_ATTRIBUTE',
        'CREATE_COMPUTE_SESSION',
        'CREATE_SERVICE',
      ],
      scalingGroup: a.scaling_group,
      containerCount: a.container_count,
    };
  };

  it('agent_nodes lists every agent to a superadmin, by id', async () => {
    const expected = referenceSort(agents, [['_id', 1]]);
    expect(await h.run('superadmin', h.document('agent_nodes'))).toEqual({
      data: {
        agent_nodes: {
          count: agents.length,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: false,
            endCursor: expect.stringMatching(CURSOR),
          },
          edges: expected.map((a) => ({
            cursor: expect.stringMatching(CURSOR),
            node: relayNode(a),
          })),
        },
      },
    });
  });

  it('agent_nodes applies scope, filter and order, and pages', async () => {
    const ids = async (vars: Record<string, unknown>) =>
      (
        (await h.run('superadmin', h.document('agent_nodes'), vars)).data?.agent_nodes as {
          edges: { node: { row_id: string } }[];
        }
      ).edges.map((e) => e.node.row_id);
    expect(await ids({ scope: 'resource_group:gpu-cluster' })).toEqual(
      referenceSort(
        agents.filter((a) => a.scaling_group === 'gpu-cluster'),
        [['_id', 1]],
      ).map((a) => a._id),
    );
    expect(
      await ids({ filter: 'status == "LOST" | schedulable == false', order: '-first_contact' }),
    ).toEqual(
      referenceSort(
        agents.filter((a) => a.status === 'LOST' || a.schedulable === false),
        [['first_contact', -1]],
      ).map((a) => a._id),
    );
    const first = (await h.run('superadmin', h.document('agent_nodes'), { first: 4 })).data
      ?.agent_nodes as { pageInfo: { endCursor: string } };
    expect(await ids({ first: 4, after: first.pageInfo.endCursor })).toEqual(
      referenceSort(agents, [['_id', 1]])
        .slice(4, 8)
        .map((a) => a._id),
    );
  });

  it.each(['admin', 'monitor', 'user'] as const)(
    'agent_nodes and agentsV2 refuse a %s, as agent_list does',
    async (role) => {
      expect(summary(await h.run(role, h.document('agent_nodes')))).toEqual(
        refusedBody('agent_nodes', SUPERADMIN_REQUIRED),
      );
      expect(summary(await h.run(role, h.document('agentsV2')))).toEqual(
        refusedBody('agentsV2', SUPERADMIN_REQUIRED),
      );
    },
  );

  it.each([
    ['default order', null, null, () => true, [['_id', 1]]],
    [
      'status in, FIRST_CONTACT DESC',
      { status: { in: ['LOST', 'RESTARTING'] } },
      [{ field: 'FIRST_CONTACT', direction: 'DESC' }],
      (a: RecordDoc) => a.status === 'LOST',
      [['first_contact', -1]],
    ],
    [
      'scalingGroup + schedulable, STATUS then SCALING_GROUP',
      { scalingGroup: { equals: 'default' }, schedulable: true },
      [
        { field: 'STATUS', direction: 'ASC' },
        { field: 'SCALING_GROUP', direction: 'DESC' },
      ],
      (a: RecordDoc) => a.scaling_group === 'default' && a.schedulable === true,
      [
        ['status', 1],
        ['scaling_group', -1],
      ],
    ],
    [
      'OR / NOT ids, SCHEDULABLE DESC',
      {
        OR: [{ id: { endsWith: '1' } }, { id: { endsWith: '2' } }],
        NOT: [{ status: { equals: 'LOST' } }],
      },
      [{ field: 'SCHEDULABLE', direction: 'DESC' }],
      (a: RecordDoc) => /[12]$/.test(a._id) && a.status !== 'LOST',
      [['schedulable', -1]],
    ],
  ] as [string, unknown, unknown, (a: RecordDoc) => boolean, [string, 1 | -1][]][])(
    'agentsV2: %s matches the reference',
    async (_n, filter, orderBy, pred, order) => {
      const expected = referenceSort(agents.filter(pred), order as never);
      expect(expected.length).toBeGreaterThan(0);
      expect(await h.run('superadmin', h.document('agentsV2'), { filter, orderBy })).toEqual({
        data: {
          agentsV2: {
            count: expected.length,
            pageInfo: { hasNextPage: false, endCursor: expect.stringMatching(CURSOR) },
            edges: expected.map((a) => ({ node: v2Node(a) })),
          },
        },
      });
    },
  );

  it('agentsV2 pages with limit/offset', async () => {
    const body = await h.run('superadmin', h.document('agentsV2'), { limit: 2, offset: 3 });
    expect(
      (body.data?.agentsV2 as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id),
    ).toEqual(
      referenceSort(agents, [['_id', 1]])
        .slice(3, 5)
        .map((a) => gid('AgentV2', a._id)),
    );
  });
});
