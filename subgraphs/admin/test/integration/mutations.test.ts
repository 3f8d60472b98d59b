import { KEYPAIR_INVALIDATION_CHANNEL } from '@fedmgmt/service-kit';
import Redis from 'ioredis';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { keypairRecord } from '../../src/keypairRoute';
import { DEV_AK, type SeededStack, startSeededStack } from './seeded';

describe('admin mutations and data integrity through the gateway', () => {
  let seeded: SeededStack;
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await seeded.stack.request({ query, variables });
    expect(res.status).toBe(200);
    return res.body as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
  };
  const createUser = (email: string, username: string) =>
    run(
      'mutation($e: String!, $p: UserInput!) { create_user(email: $e, props: $p) { ok msg user { email role status groups { id } } } }',
      {
        e: email,
        p: {
          username,
          password: 'correct horse battery',
          need_password_change: false,
          group_ids: [FIXTURE.groupId],
        },
      },
    );

  beforeAll(async () => {
    seeded = await startSeededStack(120);
  });
  afterAll(() => seeded?.stop());

  describe('Mutation.create_user', () => {
    it('creates the user with a hashed password, a main keypair and its groups', async () => {
      expect(await createUser('fresh@example.com', 'fresh')).toEqual({
        data: {
          create_user: {
            ok: true,
            msg: 'success',
            user: {
              email: 'fresh@example.com',
              role: 'user',
              status: 'active',
              groups: [{ id: FIXTURE.groupId }],
            },
          },
        },
      });
      const doc = await seeded.repos.users.byEmail('fresh@example.com');
      expect(doc?.password).toMatch(/^\$argon2id\$/);
      expect(
        await seeded.repos.keypairs.findOne({ _id: doc?.main_access_key ?? '' }),
      ).toMatchObject({ user_id: 'fresh@example.com' });
    });

    it('answers an integrity error naming the field when email or username is taken', async () => {
      expect(await createUser('fresh@example.com', 'other')).toEqual({
        data: {
          create_user: {
            ok: false,
            msg: 'integrity error: duplicate value for unique field "email"',
            user: null,
          },
        },
      });
      expect(await createUser('other@example.com', 'fresh')).toEqual({
        data: {
          create_user: {
            ok: false,
            msg: 'integrity error: duplicate value for unique field "username"',
            user: null,
          },
        },
      });
    });
  });

  it.each([
    ['create_domain', 'mutation { create_domain(name: "default", props: {}) { ok msg } }', 'name'],
    [
      'create_keypair_resource_policy',
      'mutation { create_keypair_resource_policy(name: "default", props: { default_for_unspecified: "LIMITED", max_concurrent_sessions: 1, max_containers_per_session: 1, idle_timeout: 0 }) { ok msg } }',
      'name',
    ],
    [
      'create_resource_preset',
      'mutation { create_resource_preset(name: "cpu01-small", props: { resource_slots: "{}" }) { ok msg } }',
      'name',
    ],
    [
      'create_group',
      'mutation { create_group(name: "default", props: { domain_name: "default" }) { ok msg } }',
      'name',
    ],
  ])('%s refuses a duplicate with an integrity error', async (field, q, name) => {
    expect(await run(q)).toEqual({
      data: {
        [field]: { ok: false, msg: `integrity error: duplicate value for unique field "${name}"` },
      },
    });
  });

  describe('Mutation.delete_user', () => {
    it('marks the user deleted, deactivates its keypairs in the same transaction and tells the gateway', async () => {
      await createUser('leaving@example.com', 'leaving');
      const user = await seeded.repos.users.byEmail('leaving@example.com');
      const ak = user?.main_access_key as string;
      const sub = new Redis(seeded.stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await sub.connect();
      const published = new Promise<string>((resolve) =>
        sub.on('message', (_c: string, m: string) => m === ak && resolve(m)),
      );
      await sub.subscribe(KEYPAIR_INVALIDATION_CHANNEL);
      expect(
        await run('mutation { delete_user(email: "leaving@example.com") { ok msg } }'),
      ).toEqual({ data: { delete_user: { ok: true, msg: 'success' } } });
      expect(await published).toBe(ak);
      await sub.quit();
      expect(await seeded.repos.users.byEmail('leaving@example.com')).toMatchObject({
        status: 'deleted',
        is_active: false,
      });
      expect(await seeded.repos.keypairs.findOne({ _id: ak })).toMatchObject({ is_active: false });
      expect(await keypairRecord(seeded.repos, ak)).toMatchObject({ is_active: false });
    });
  });

  describe('Mutation.purge_group', () => {
    it('removes the group with its memberships', async () => {
      const created = await run(
        'mutation { create_group(name: "short-lived", props: { domain_name: "default" }) { group { id } } }',
      );
      const gid = (created.data?.create_group as { group: { id: string } }).group.id;
      const uid = (await seeded.repos.users.byEmail(FIXTURE.userEmail))?._id as string;
      await run(
        'mutation($g: UUID!, $u: [String]) { modify_group(gid: $g, props: { user_update_mode: "add", user_uuids: $u }) { ok } }',
        { g: gid, u: [uid] },
      );
      expect(await seeded.repos.members.userIdsOf(gid)).toEqual([uid]);
      expect(
        await run('mutation($g: UUID!) { purge_group(gid: $g) { ok msg } }', { g: gid }),
      ).toEqual({ data: { purge_group: { ok: true, msg: 'success' } } });
      expect([
        await seeded.repos.groups.findOne({ _id: gid }),
        await seeded.repos.members.userIdsOf(gid),
      ]).toEqual([null, []]);
    });
  });

  describe('Mutation.delete_scaling_group', () => {
    it('drops the scaling group with its associations in one transaction', async () => {
      await run(
        'mutation { create_scaling_group(name: "temp-sg", props: { driver: "static", scheduler: "fifo" }) { ok } }',
      );
      expect(
        await run(
          'mutation { associate_scaling_groups_with_domain(domain: "default", scaling_groups: ["temp-sg"]) { ok msg } }',
        ),
      ).toEqual({
        data: { associate_scaling_groups_with_domain: { ok: true, msg: 'success' } },
      });
      expect((await run('{ domain { scaling_groups } }')).data).toEqual({
        domain: { scaling_groups: ['default', 'temp-sg'] },
      });
      expect(await run('mutation { delete_scaling_group(name: "temp-sg") { ok msg } }')).toEqual({
        data: { delete_scaling_group: { ok: true, msg: 'success' } },
      });
      expect((await run('{ domain { scaling_groups } }')).data).toEqual({
        domain: { scaling_groups: ['default'] },
      });
    });

    it('refuses to associate a scaling group that does not exist', async () => {
      expect(
        await run(
          'mutation { associate_scaling_group_with_domain(domain: "default", scaling_group: "ghost") { ok msg } }',
        ),
      ).toEqual({
        data: {
          associate_scaling_group_with_domain: {
            ok: false,
            msg: 'integrity error: scaling group "ghost" does not exist',
          },
        },
      });
    });
  });

  describe('pagination', () => {
    const page = (offset: number, limit: number) =>
      run(
        `{ user_list(offset: ${offset}, limit: ${limit}, order: "+email") { total_count items { email } } }`,
      );
    it('refuses negative offset and limit', async () => {
      for (const [o, l, msg] of [
        [-1, 5, 'offset must be a non-negative integer, got -1'],
        [0, -5, 'limit must be a non-negative integer, got -5'],
      ] as const) {
        const body = await page(o, l);
        expect({
          data: body.data,
          errors: body.errors?.map((e) => [e.message, e.extensions?.code]),
        }).toEqual({ data: { user_list: null }, errors: [[msg, 'BAD_USER_INPUT']] });
      }
    });
    it('caps the limit at 100, answers an empty page past the end, and keeps total_count', async () => {
      const total = (await seeded.repos.users.find({})).length;
      const big = (await page(0, 1000)).data?.user_list as {
        total_count: number;
        items: unknown[];
      };
      expect([big.total_count, big.items.length]).toEqual([total, 100]);
      expect((await page(total, 10)).data).toEqual({
        user_list: { total_count: total, items: [] },
      });
      expect((await page(0, 0)).data).toEqual({ user_list: { total_count: total, items: [] } });
      const [a, b] = [await page(0, 10), await page(10, 10)];
      const emails = (x: typeof a) =>
        (x.data?.user_list as { items: { email: string }[] }).items.map((i) => i.email);
      expect([...emails(a), ...emails(b)]).toEqual([...emails(a), ...emails(b)].sort());
    });
  });

  it('orders by order_key/order_asc when no order string is given', async () => {
    const body = await run(
      '{ user_list(offset: 0, limit: 5, order_key: "email", order_asc: false) { items { email } } }',
    );
    const emails = (body.data?.user_list as { items: { email: string }[] }).items.map(
      (i) => i.email,
    );
    expect(emails).toEqual([...emails].sort().reverse());
    const bad = await run(
      '{ user_list(offset: 0, limit: 5, order_key: "password") { total_count } }',
    );
    expect(bad.errors?.map((e) => e.message)).toEqual([
      'Query order parsing error: unknown/unsupported field name "password" at position 1',
    ]);
  });

  describe('input errors', () => {
    it.each([
      [
        'BigInt 2^53',
        'mutation($t: BigInt!) { create_keypair_resource_policy(name: "big", props: { default_for_unspecified: "LIMITED", max_concurrent_sessions: 1, max_containers_per_session: 1, idle_timeout: $t }) { ok } }',
        { t: 9007199254740992 },
        /BigInt must be an integer within ±\(2\^53−1\), got 9007199254740992/,
      ],
      [
        'bad UUID',
        'query($g: UUID!) { group(id: $g) { id } }',
        { g: 'not-a-uuid' },
        /UUID must be a string of 8-4-4-4-12 hexadecimal digits, got "not-a-uuid"/,
      ],
      [
        'bad JSONString',
        'mutation($s: JSONString) { create_domain(name: "j", props: { total_resource_slots: $s }) { ok } }',
        { s: '{"cpu": 4' },
        /JSONString holds invalid JSON/,
      ],
      [
        'bad filter',
        'query($f: String) { user_list(offset: 0, limit: 5, filter: $f) { total_count } }',
        { f: 'email == "a" | $where == "1"' },
        /Query filter parsing error: unexpected character "\$" at position 15/,
      ],
    ])('%s is a clear GraphQL error, not a 500', async (_name, query, variables, message) => {
      const body = await run(query, variables);
      expect(body.errors?.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
    });
  });

  describe('KeyPair.num_queries', () => {
    it('reads the counters the gateway keeps in Redis', async () => {
      const body = await run(`{ keypair(access_key: "${DEV_AK}") { num_queries last_used } }`);
      const kp = body.data?.keypair as { num_queries: number; last_used: string | null };
      expect(kp.num_queries).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(kp.last_used ?? ''))).toBe(false);
    });
  });
});
