import type { UserDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { FIXTURE } from '../../scripts/lib/fixtures';
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

const node = (u: UserDoc) => ({
  id: gid('UserNode', u._id),
  email: u.email,
  username: u.username,
  role: u.role,
  status: u.status,
  domain_name: u.domain_name,
});
type Conn = {
  count: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { email: string } }[];
};

describe('graphene Relay users (viewer, user_node, user_nodes) through the gateway', () => {
  const h = new V2Harness();
  beforeAll(() => h.start(40));
  afterAll(() => h.stop());

  const visible = (role: Role) =>
    h.users.filter((u) => role === 'superadmin' || u.domain_name === 'default');

  it.each(ROLES)('viewer answers the %s itself, role base64-encoded', async (role) => {
    const u = h.user(role);
    expect(await h.run(role, h.document('viewer'))).toEqual({
      data: {
        viewer: {
          user_id: u._id,
          encoded_user_role: Buffer.from(role).toString('base64'),
          user: {
            id: gid('UserNode', u._id),
            email: u.email,
            username: u.username,
            role,
            domain_name: 'default',
            status: 'active',
          },
        },
      },
    });
  });

  describe('user_node', () => {
    const q = () => h.document('user_node');
    const full = (u: UserDoc) => ({
      user_node: {
        id: gid('UserNode', u._id),
        email: u.email,
        username: u.username,
        full_name: u.full_name,
        role: u.role,
        status: u.status,
        domain_name: u.domain_name,
        resource_policy: 'default',
        created_at: u.created_at.toISOString(),
      },
    });
    it('shows a superadmin anyone, by global ID or raw UUID', async () => {
      const other = h.users.find((u) => u.domain_name === FIXTURE.otherDomain) as UserDoc;
      expect(await h.run('superadmin', q(), { id: gid('UserNode', other._id) })).toEqual({
        data: full(other),
      });
      expect(await h.run('superadmin', q(), { id: other._id })).toEqual({ data: full(other) });
    });
    it.each(['admin', 'monitor'] as const)('shows a %s its own domain only', async (role) => {
      const mine = h.user('user');
      const other = h.users.find((u) => u.domain_name === FIXTURE.otherDomain) as UserDoc;
      expect(await h.run(role, q(), { id: gid('UserNode', mine._id) })).toEqual({
        data: full(mine),
      });
      expect(await h.run(role, q(), { id: gid('UserNode', other._id) })).toEqual({
        data: { user_node: null },
      });
    });
    it('shows a plain user itself only', async () => {
      const me = h.user('user');
      expect(await h.run('user', q(), { id: gid('UserNode', me._id) })).toEqual({ data: full(me) });
      expect(await h.run('user', q(), { id: gid('UserNode', h.user('admin')._id) })).toEqual({
        data: { user_node: null },
      });
    });
    it('answers null for a global ID of another type or garbage', async () => {
      const me = h.user('user');
      expect(await h.run('superadmin', q(), { id: gid('GroupNode', me._id) })).toEqual({
        data: { user_node: null },
      });
      expect(await h.run('superadmin', q(), { id: '%%%' })).toEqual({ data: { user_node: null } });
    });
  });

  describe('user_nodes', () => {
    const q = () => h.document('user_nodes');
    it.each(['superadmin', 'admin', 'monitor'] as const)(
      'gives a %s the first page of its scope, ordered',
      async (role) => {
        const expected = referenceSort(visible(role), [['email', 1]]);
        const body = await h.run(role, q(), { order: '+email', first: 5 });
        expect(body).toEqual({
          data: {
            user_nodes: {
              count: expected.length,
              pageInfo: {
                hasNextPage: true,
                hasPreviousPage: false,
                startCursor: expect.stringMatching(CURSOR),
                endCursor: expect.stringMatching(CURSOR),
              },
              edges: expected
                .slice(0, 5)
                .map((u) => ({ cursor: expect.stringMatching(CURSOR), node: node(u) })),
            },
          },
        });
      },
    );
    it('refuses a plain user as user_list does', async () => {
      expect(summary(await h.run('user', q(), { first: 5 }))).toEqual(
        refusedBody('user_nodes', 'Insufficient privilege.'),
      );
    });
    it('applies the filter mini-language and the default order (newest first)', async () => {
      const expected = referenceSort(
        h.users.filter((u) => u.role === 'user' && u.domain_name === 'default'),
        [['created_at', -1]],
      );
      const body = await h.run('superadmin', q(), {
        filter: 'role == "user" & domain_name == "default"',
        first: 100,
      });
      const conn = body.data?.user_nodes as Conn;
      expect({ count: conn.count, emails: conn.edges.map((e) => e.node.email) }).toEqual({
        count: expected.length,
        emails: expected.map((u) => u.email),
      });
    });
    it('walks forwards with first/after and backwards with last/before, no item skipped or repeated', async () => {
      const expected = referenceSort(h.users, [['username', -1]]).map((u) => u.email);
      const forward: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page += 1) {
        const conn = (await h.run('superadmin', q(), { order: '-username', first: 7, after })).data
          ?.user_nodes as Conn;
        forward.push(...conn.edges.map((e) => e.node.email));
        expect(conn.pageInfo.hasPreviousPage).toBe(page > 0);
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      const backward: string[] = [];
      let before: string | null = null;
      for (let page = 0; page < 20; page += 1) {
        const conn = (await h.run('superadmin', q(), { order: '-username', last: 6, before })).data
          ?.user_nodes as Conn;
        backward.unshift(...conn.edges.map((e) => e.node.email));
        if (!conn.pageInfo.hasPreviousPage) break;
        before = conn.pageInfo.startCursor;
      }
      expect({ forward, backward }).toEqual({ forward: expected, backward: expected });
    });
    it('skips `offset` items after the cursor', async () => {
      const expected = referenceSort(h.users, [['email', 1]]).map((u) => u.email);
      const first = (await h.run('superadmin', q(), { order: '+email', first: 2 })).data
        ?.user_nodes as Conn;
      const next = (
        await h.run('superadmin', q(), {
          order: '+email',
          first: 3,
          offset: 4,
          after: first.pageInfo.endCursor,
        })
      ).data?.user_nodes as Conn;
      expect(next.edges.map((e) => e.node.email)).toEqual(expected.slice(6, 9));
    });
    it('refuses tampered, foreign and cross-query cursors, and bad sizes', async () => {
      const conn = (await h.run('admin', q(), { order: '+email', first: 2 })).data
        ?.user_nodes as Conn;
      const cursor = conn.pageInfo.endCursor as string;
      const [payload, mac] = cursor.split('.') as [string, string];
      const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), p: 0 })).toString('base64url')}.${mac}`;
      const codes = async (role: Role, vars: Record<string, unknown>) => {
        const b = await h.run(role, q(), vars);
        return { data: b.data, codes: b.errors?.map((e) => e.extensions?.code) };
      };
      const refused = { data: { user_nodes: null }, codes: ['BAD_USER_INPUT'] };
      expect(await codes('admin', { order: '+email', first: 2, after: forged })).toEqual(refused);
      expect(
        await codes('admin', { order: '+email', first: 2, after: 'bm90IGEgY3Vyc29y' }),
      ).toEqual(refused);
      expect(await codes('monitor', { order: '+email', first: 2, after: cursor })).toEqual(refused);
      expect(await codes('admin', { order: '-email', first: 2, after: cursor })).toEqual(refused);
      expect(await codes('admin', { first: -1 })).toEqual(refused);
      expect(await codes('admin', { first: 1, last: 1 })).toEqual(refused);
      expect(await codes('admin', { filter: 'password == "x"' })).toEqual(refused);
      expect(
        (await codes('admin', { order: '+email', first: 2, after: cursor })).codes,
      ).toBeUndefined();
    });
    it('carries no password hash anywhere in a full page', async () => {
      const fields =
        'id username email need_password_change full_name description status status_info created_at modified_at domain_name role resource_policy allowed_client_ip totp_activated totp_activated_at sudo_session_enabled container_uid container_main_gid container_gids';
      const body = await h.run(
        'superadmin',
        `{ user_nodes(first: 100) { count edges { node { ${fields} } } } }`,
      );
      expect(body.errors).toBeUndefined();
      expect((body.data?.user_nodes as Conn).edges).toHaveLength(h.users.length);
      expect(h.users.filter((u) => u.password).length).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toContain('$argon2');
    });
  });

  it('keeps superadmin-only fields refused for others (sanity of the role callers)', async () => {
    expect(summary(await h.run('admin', '{ domains { name } }'))).toEqual(
      refusedBody('domains', SUPERADMIN_REQUIRED),
    );
  });
});
