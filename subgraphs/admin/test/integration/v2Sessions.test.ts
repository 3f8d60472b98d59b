import type { RecordDoc } from '../../src/data/documents';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { CURSOR, gid, referenceSort, type Role, ROLES, summary, V2Harness } from './v2harness';

/** The documented mapping (subgraphs/admin/README.md), written out here independently of the code. */
const SHOWN_AS: Record<string, string> = {
  PENDING: 'PENDING',
  SCHEDULED: 'SCHEDULED',
  PREPARING: 'PREPARING',
  PULLING: 'PREPARING',
  PREPARED: 'PREPARED',
  CREATING: 'CREATING',
  RUNNING: 'RUNNING',
  RESTARTING: 'RUNNING',
  RUNNING_DEGRADED: 'RUNNING',
  TERMINATING: 'TERMINATING',
  TERMINATED: 'TERMINATED',
  ERROR: 'TERMINATED',
  CANCELLED: 'CANCELLED',
};
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
const result = (s: RecordDoc) =>
  s.result === 'SUCCESS' || s.result === 'FAILURE'
    ? s.result
    : s.status === 'ERROR'
      ? 'FAILURE'
      : 'UNDEFINED';
const listNode = (s: RecordDoc) => ({
  id: gid('SessionV2', s._id),
  domainName: s.domain_name,
  userId: s.user_id,
  projectId: s.group_id,
  metadata: {
    name: s.name,
    sessionType: s.type,
    accessKey: s.access_key,
    clusterMode: 'SINGLE_NODE',
    clusterSize: 1,
    priority: 0,
    isPreemptible: false,
    tag: null,
  },
  lifecycle: {
    status: SHOWN_AS[s.status as string],
    result: result(s),
    createdAt: iso(s.created_at),
    terminatedAt: iso(s.terminated_at),
  },
});
type Conn = {
  count: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string } }[];
};

describe('strawberry V2 sessions (adminSessionsV2, sessionV2) through the gateway', () => {
  const h = new V2Harness();
  let sessions: RecordDoc[] = [];
  const EXTRA = [
    'PULLING',
    'RESTARTING',
    'RUNNING_DEGRADED',
    'SCHEDULED',
    'PREPARING',
    'PREPARED',
    'CREATING',
    'TERMINATING',
  ];

  beforeAll(async () => {
    await h.start(30);
    // The seed has RUNNING, PENDING, TERMINATED, ERROR and CANCELLED; add one session of each other stored status.
    const [template] = await h.seeded.repos.sessions.find({
      access_key: { $eq: h.user('user').main_access_key as string },
    });
    for (const [i, status] of EXTRA.entries()) {
      await h.seeded.repos.sessions.insert({
        ...(template as RecordDoc),
        _id: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
        name: `extra-${status.toLowerCase()}`,
        status,
        created_at: new Date(Date.UTC(2024, 5, 1 + i)),
      });
    }
    sessions = await h.seeded.repos.sessions.find({});
  });
  afterAll(() => h.stop());

  const visible = (role: Role) =>
    sessions.filter(
      (s) =>
        role === 'superadmin' ||
        (role === 'user'
          ? s.access_key === h.user('user').main_access_key
          : s.domain_name === 'default'),
    );
  const q = () => h.document('adminSessionsV2');

  it('covers every stored status, and the seed gives each role something to see', () => {
    expect([...new Set(sessions.map((s) => s.status as string))].sort()).toEqual(
      Object.keys(SHOWN_AS).sort(),
    );
    for (const role of ROLES)
      expect(visible(role).length).toBeGreaterThan(role === 'user' ? EXTRA.length : 10);
    expect(visible('superadmin').length).toBeGreaterThan(visible('admin').length);
  });

  it.each(ROLES)(
    'gives a %s the sessions compute_session_list shows it, newest first, statuses mapped',
    async (role) => {
      const expected = referenceSort(visible(role), [['created_at', -1]]);
      expect(await h.run(role, q(), { first: 100 })).toEqual({
        data: {
          adminSessionsV2: {
            count: expected.length,
            pageInfo: {
              hasNextPage: expected.length > 100,
              hasPreviousPage: false,
              startCursor: expect.stringMatching(CURSOR),
              endCursor: expect.stringMatching(CURSOR),
            },
            edges: expected
              .slice(0, 100)
              .map((s) => ({ cursor: expect.stringMatching(CURSOR), node: listNode(s) })),
          },
        },
      });
    },
  );

  it.each([
    [
      'status equals TERMINATED (stored TERMINATED and ERROR)',
      { status: { equals: 'TERMINATED' } },
      (s: RecordDoc) => s.status === 'TERMINATED' || s.status === 'ERROR',
    ],
    [
      'status in [RUNNING, PREPARING]',
      { status: { in: ['RUNNING', 'PREPARING'] } },
      (s: RecordDoc) =>
        ['RUNNING', 'RESTARTING', 'RUNNING_DEGRADED', 'PREPARING', 'PULLING'].includes(
          s.status as string,
        ),
    ],
    [
      'status notIn [RUNNING, TERMINATED]',
      { status: { notIn: ['RUNNING', 'TERMINATED'] } },
      (s: RecordDoc) => !['RUNNING', 'TERMINATED'].includes(SHOWN_AS[s.status as string] as string),
    ],
    [
      'status notEquals PENDING',
      { status: { notEquals: 'PENDING' } },
      (s: RecordDoc) => s.status !== 'PENDING',
    ],
    ['a status no stored one maps to', { status: { equals: 'PREEMPTED' } }, () => false],
    [
      'name startsWith "extra-"',
      { name: { startsWith: 'extra-' } },
      (s: RecordDoc) => String(s.name).startsWith('extra-'),
    ],
    [
      'domainName equals the other domain',
      { domainName: { equals: FIXTURE.otherDomain } },
      (s: RecordDoc) => s.domain_name === FIXTURE.otherDomain,
    ],
    [
      'OR of userUuid and NOT status',
      {
        OR: [
          { userUuid: { equals: 'USER' } },
          { NOT: [{ status: { in: ['RUNNING', 'TERMINATED', 'PENDING', 'CANCELLED'] } }] },
        ],
      },
      (s: RecordDoc) =>
        s.user_id === 'USER' ||
        !['RUNNING', 'TERMINATED', 'PENDING', 'CANCELLED'].includes(
          SHOWN_AS[s.status as string] as string,
        ),
    ],
  ] as [string, Record<string, unknown>, (s: RecordDoc) => boolean][])(
    'filters by %s, for superadmin and admin',
    async (_label, rawFilter, pred) => {
      const admin = h.user('admin');
      const filter = JSON.parse(
        JSON.stringify(rawFilter).replaceAll('"USER"', JSON.stringify(admin._id.toUpperCase())),
      );
      const match = (s: RecordDoc) =>
        pred({ ...s, user_id: s.user_id === admin._id ? 'USER' : s.user_id });
      expect(visible('superadmin').filter(match).length > 0).toBe(
        _label !== 'a status no stored one maps to',
      );
      for (const role of ['superadmin', 'admin'] as Role[]) {
        const expected = referenceSort(visible(role).filter(match), [['created_at', -1]]);
        const conn = (await h.run(role, q(), { filter, first: 100 })).data?.adminSessionsV2 as Conn;
        expect({ role, count: conn.count, ids: conn.edges.map((e) => e.node.id) }).toEqual({
          role,
          count: expected.length,
          ids: expected.map((s) => gid('SessionV2', s._id)),
        });
      }
    },
  );

  it.each([
    ['NAME', 'ASC', 'name', 1],
    ['STATUS', 'DESC', 'status', -1],
    ['TERMINATED_AT', 'ASC', 'terminated_at', 1],
    ['CREATED_AT', 'ASC', 'created_at', 1],
    ['ID', 'DESC', '_id', -1],
  ] as [string, string, string, 1 | -1][])(
    'orders by %s %s and pages through without skipping or repeating',
    async (field, direction, path, dir) => {
      const expected = referenceSort(visible('superadmin'), [[path, dir]]).map((s) =>
        gid('SessionV2', s._id),
      );
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 30; page += 1) {
        const conn = (
          await h.run('superadmin', q(), { orderBy: [{ field, direction }], first: 9, after })
        ).data?.adminSessionsV2 as Conn;
        seen.push(...conn.edges.map((e) => e.node.id));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    },
  );

  it('refuses a bad page size with a clear error', async () => {
    const bad = await h.run('superadmin', q(), { first: -1 });
    expect(summary(bad)).toEqual({
      data: { adminSessionsV2: null },
      errors: [expect.stringMatching(/first/)],
    });
  });

  describe('sessionV2', () => {
    const doc = () => h.document('sessionV2');
    const slots = (stored: unknown) => ({
      entries: Object.entries(JSON.parse(stored as string) as Record<string, string>).map(
        ([resourceType, quantity]) => ({ resourceType, quantity }),
      ),
    });
    const full = (s: RecordDoc, owner: string | null) => {
      const u = h.users.find((x) => x._id === s.user_id);
      const n = listNode(s);
      return {
        sessionV2: {
          ...n,
          metadata: { creationId: s._id, ...n.metadata, jobPriority: 0 },
          resource: {
            allocation: { requested: slots(s.requested_slots), used: slots(s.occupied_slots) },
            resourceGroupName: s.scaling_group,
          },
          lifecycle: { ...n.lifecycle, startsAt: null, batchTimeout: null },
          runtime: {
            environ: null,
            bootstrapScript: null,
            startupCommand: null,
            callbackUrl: null,
          },
          network: { useHostNetwork: false, networkType: null, networkId: null },
          domain: { basicInfo: { name: s.domain_name } },
          user: owner === null ? null : { basicInfo: { email: u?.email } },
          project: { basicInfo: { name: s.group_name } },
          resourceAllocation: {
            requested: slots(s.requested_slots),
            used: slots(s.occupied_slots),
            allocated: slots(s.occupying_slots),
          },
        },
      };
    };
    const other = () => sessions.find((s) => s.domain_name === FIXTURE.otherDomain) as RecordDoc;
    const mine = () => visible('user').find((s) => s.status === 'PULLING') as RecordDoc;
    const notFound = { data: { sessionV2: null }, errors: ['Session not found.'] };

    it('shows a superadmin any session in full, a mapped status included', async () => {
      expect(await h.run('superadmin', doc(), { id: other()._id })).toEqual({
        data: full(other(), 'owner'),
      });
      expect(await h.run('superadmin', doc(), { id: mine()._id })).toEqual({
        data: {
          sessionV2: expect.objectContaining({
            lifecycle: expect.objectContaining({ status: 'PREPARING' }),
          }),
        },
      });
    });
    it.each(['admin', 'monitor'] as Role[])(
      'shows a %s its domain only; other domains are not found',
      async (role) => {
        expect(await h.run(role, doc(), { id: mine()._id })).toEqual({
          data: full(mine(), 'owner'),
        });
        expect(summary(await h.run(role, doc(), { id: other()._id }))).toEqual(notFound);
      },
    );
    it('shows a plain user its own sessions only', async () => {
      expect(await h.run('user', doc(), { id: mine()._id })).toEqual({
        data: full(mine(), 'owner'),
      });
      const foreign = visible('admin').find(
        (s) => s.access_key !== h.user('user').main_access_key,
      ) as RecordDoc;
      expect(summary(await h.run('user', doc(), { id: foreign._id }))).toEqual(notFound);
    });
    it('answers not found for an unknown ID, the same as for a hidden one', async () => {
      expect(
        summary(await h.run('superadmin', doc(), { id: '6f1e2d3c-0000-4000-8000-000000000000' })),
      ).toEqual(notFound);
    });
  });
});
