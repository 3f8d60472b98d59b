import type { AuthContext } from '@fedmgmt/service-kit';
import type { AdminContext } from '../../src/context';
import type { KeyPairDoc, UserDoc } from '../../src/data/documents';
import { ScalingGroup } from '../../src/resolvers/scalingGroup';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { type SeededStack, startSeededStack } from './seeded';

/**
 * Who reads which secret, on every path that reaches a keypair (README "Secrets"):
 * superadmin all; domain admin its domain's except a superadmin's; plain user its own;
 * monitor and bearer-token callers none. A refused secret is null beside the visible row.
 */
type Caller = 'superadmin' | 'admin' | 'monitor' | 'user' | 'token';
type Target = 'superadmin' | 'admin' | 'monitor' | 'user' | 'peer' | 'foreign';
/** S: the real secret; N: the row but secret_key null; h: the row not returned at all. */
type Seen = 'S' | 'N' | 'h' | 'WRONG';
const TARGETS: Target[] = ['superadmin', 'admin', 'monitor', 'user', 'peer', 'foreign'];

const CELLS: Record<Exclude<Caller, 'token'>, Seen[]> = {
  //          superadmin admin monitor user peer foreign
  superadmin: ['S', 'S', 'S', 'S', 'S', 'S'],
  admin: ['N', 'S', 'S', 'S', 'S', 'h'],
  monitor: ['N', 'N', 'N', 'N', 'N', 'h'],
  user: ['h', 'h', 'h', 'S', 'h', 'h'],
};
const NOTHING: Seen[] = ['h', 'h', 'h', 'h', 'h', 'h'];
const TOKEN_OWN_ROW: Seen[] = ['h', 'h', 'h', 'N', 'h', 'h'];

const KP = 'access_key secret_key';
interface Entry {
  name: string;
  /** The query for the targets (aliased one field per target), or one query listing them all. */
  query: (t: { email: string; uuid: string; ak: string }[]) => string;
  /** What a token caller (email-mapped plain user, no uuid or domain) gets on this path. */
  token: Seen[];
  /** A plain user: refused outright on the users lists. */
  user?: Seen[];
}
const each = (
  t: { email: string; uuid: string; ak: string }[],
  field: (x: { email: string; uuid: string; ak: string }) => string,
) => `{ ${t.map((x, i) => `t${i}: ${field(x)}`).join(' ')} }`;

const ENTRIES: Entry[] = [
  {
    name: 'keypair(access_key)',
    query: (t) => each(t, (x) => `keypair(access_key: "${x.ak}") { ${KP} }`),
    token: TOKEN_OWN_ROW,
  },
  {
    name: 'keypairs(email)',
    query: (t) => each(t, (x) => `keypairs(email: "${x.email}") { ${KP} }`),
    token: TOKEN_OWN_ROW,
  },
  { name: 'keypairs', query: () => `{ keypairs { ${KP} } }`, token: TOKEN_OWN_ROW },
  {
    name: 'keypair_list(email)',
    query: (t) =>
      each(
        t,
        (x) => `keypair_list(limit: 100, offset: 0, email: "${x.email}") { items { ${KP} } }`,
      ),
    token: TOKEN_OWN_ROW,
  },
  {
    name: 'keypair_list',
    query: () => `{ keypair_list(limit: 100, offset: 0) { total_count items { ${KP} } } }`,
    token: TOKEN_OWN_ROW,
  },
  {
    name: 'user(email).keypairs',
    query: (t) => each(t, (x) => `user(email: "${x.email}") { keypairs { ${KP} } }`),
    token: NOTHING,
  },
  {
    name: 'user_from_uuid.keypairs',
    query: (t) => each(t, (x) => `user_from_uuid(user_id: "${x.uuid}") { keypairs { ${KP} } }`),
    token: NOTHING,
  },
  {
    name: 'users.keypairs',
    query: () => `{ users { keypairs { ${KP} } } }`,
    token: NOTHING,
    user: NOTHING,
  },
  {
    name: 'user_list.items.keypairs',
    query: () => `{ user_list(limit: 100, offset: 0) { items { keypairs { ${KP} } } } }`,
    token: NOTHING,
    user: NOTHING,
  },
  {
    name: '_entities(User).keypairs',
    query: (t) =>
      `{ _entities(representations: [${t.map((x) => `{ __typename: "User", email: "${x.email}" }`).join(', ')}]) { ... on User { keypairs { ${KP} } } } }`,
    token: NOTHING,
  },
];

/** Every object in `data` carrying an access_key, by access key -> its secret_key value. */
function keypairsIn(node: unknown, out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(node)) for (const x of node) keypairsIn(x, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.access_key === 'string') out.set(o.access_key, o.secret_key);
    for (const v of Object.values(o)) keypairsIn(v, out);
  }
  return out;
}

describe('secrets per role on the admin subgraph', () => {
  let seeded: SeededStack;
  const ctx = {} as Record<Caller, Omit<AuthContext, 'requestId'>>;
  const target = {} as Record<Target, { email: string; uuid: string; ak: string; secret: string }>;
  let passwordHashes: string[];

  beforeAll(async () => {
    seeded = await startSeededStack(30);
    const users = await seeded.repos.users.find({});
    const kps = await seeded.repos.keypairs.find({});
    const pick = (u: UserDoc) => {
      const kp = kps.find((k) => k._id === u.main_access_key) as KeyPairDoc;
      return {
        email: u.email,
        uuid: u._id,
        ak: kp._id,
        secret: seeded.repos.keypairs.secretOf(kp),
      };
    };
    const byEmail = (e: string) => users.find((u) => u.email === e) as UserDoc;
    const fixed: Record<Exclude<Target, 'peer' | 'foreign'>, string> = {
      superadmin: 'admin@lablup.com',
      admin: FIXTURE.adminEmail,
      monitor: FIXTURE.monitorEmail,
      user: FIXTURE.userEmail,
    };
    for (const [t, e] of Object.entries(fixed)) target[t as Target] = pick(byEmail(e));
    const plain = (domain: string) =>
      users.find(
        (u) =>
          u.role === 'user' &&
          u.domain_name === domain &&
          u.email !== FIXTURE.userEmail &&
          u.main_access_key,
      ) as UserDoc;
    target.peer = pick(plain('default'));
    target.foreign = pick(plain(FIXTURE.otherDomain));
    for (const role of ['superadmin', 'admin', 'monitor', 'user'] as const) {
      const u = byEmail(fixed[role]);
      ctx[role] = {
        kind: 'keypair',
        subject: target[role].ak,
        scopes: [],
        groups: [],
        user: {
          uuid: u._id,
          email: u.email,
          role: u.role,
          domain: u.domain_name,
          accessKey: target[role].ak,
        },
      };
    }
    // The gateway's TOKEN_ADMIN_MAPPING=email principal (gateway/src/auth/principal.ts).
    ctx.token = {
      kind: 'token',
      subject: 'token-sub',
      scopes: [],
      groups: [],
      user: { uuid: '', email: FIXTURE.userEmail, role: 'user', domain: '' },
    };
    passwordHashes = users.flatMap((u) => (u.password ? [u.password] : []));
  });
  afterAll(() => seeded?.stop());

  const as = async (caller: Caller, query: string, status = 200) => {
    const res = await seeded.stack.subgraphRequest('admin', { query }, ctx[caller]);
    expect(res.status).toBe(status);
    return res.body as { data?: Record<string, unknown>; errors?: { message: string }[] };
  };

  const seen = (data: unknown): Seen[] => {
    const found = keypairsIn(data);
    return TARGETS.map((t) => {
      if (!found.has(target[t].ak)) return 'h';
      const v = found.get(target[t].ak);
      return v === target[t].secret ? 'S' : v === null ? 'N' : 'WRONG';
    });
  };

  it('has the targets it needs (six distinct keypairs)', () => {
    expect(new Set(TARGETS.map((t) => target[t].ak)).size).toBe(6);
    expect(passwordHashes.length).toBeGreaterThan(0);
  });

  describe.each(ENTRIES)('$name', (entry) => {
    it.each(['superadmin', 'admin', 'monitor', 'user', 'token'] as const)(
      'shows %s exactly its secrets',
      async (caller) => {
        const body = await as(caller, entry.query(TARGETS.map((t) => target[t])));
        const expected =
          caller === 'token'
            ? entry.token
            : caller === 'user' && entry.user
              ? entry.user
              : CELLS[caller];
        expect(seen(body.data)).toEqual(expected);
        // No path leaks a password hash, and a refused secret is null, never an error.
        const text = JSON.stringify(body);
        for (const h of passwordHashes) expect(text).not.toContain(h);
        expect(body.errors?.filter((e) => /secret/i.test(e.message)) ?? []).toEqual([]);
      },
    );
  });

  it.each(['admin', 'monitor'] as const)(
    'lists a %s its domain without any error (null secrets are not errors)',
    async (caller) => {
      const body = await as(
        caller,
        `{ keypair_list(limit: 100, offset: 0) { items { ${KP} } } users { keypairs { ${KP} } } }`,
      );
      expect(body.errors).toBeUndefined();
    },
  );

  it('has no password field on User for anyone', async () => {
    for (const caller of ['superadmin', 'admin', 'monitor', 'user', 'token'] as const) {
      const body = await as(caller, '{ user { email password } }', 400);
      expect({ data: body.data, errors: body.errors?.map((e) => e.message) }).toEqual({
        data: undefined,
        errors: ['Cannot query field "password" on type "User".'],
      });
    }
  });

  it("shows a scaling group's wsproxy_api_token to a superadmin only", async () => {
    await seeded.repos.scalingGroups.update(
      { _id: 'gpu-cluster' },
      { wsproxy_api_token: 'wsproxy-token-123' },
    );
    const q = '{ scaling_groups { name wsproxy_api_token } }';
    const sa = await as('superadmin', q);
    expect(
      (sa.data?.scaling_groups as { name: string; wsproxy_api_token: string | null }[]).find(
        (s) => s.name === 'gpu-cluster',
      )?.wsproxy_api_token,
    ).toBe('wsproxy-token-123');
    for (const caller of ['admin', 'monitor', 'user', 'token'] as const) {
      const body = await as(caller, q);
      expect(JSON.stringify(body)).not.toContain('wsproxy-token-123');
    }
  });

  it('keeps wsproxy_api_token null for anyone but a superadmin on any path that reaches a scaling group', () => {
    const sg = { _id: 'gpu-cluster', wsproxy_api_token: 'wsproxy-token-123' };
    const read = (caller: Caller) =>
      ScalingGroup.wsproxy_api_token(sg, {}, {
        auth: { ...ctx[caller], requestId: 'r' },
      } as AdminContext);
    expect((['superadmin', 'admin', 'monitor', 'user', 'token'] as const).map(read)).toEqual([
      'wsproxy-token-123',
      null,
      null,
      null,
      null,
    ]);
  });
});
