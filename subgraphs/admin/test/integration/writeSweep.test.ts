import { randomUUID } from 'node:crypto';
import { startWriteStack, tally, type WriteStack } from './writeStack';

/**
 * Issue 9: concurrent multi-document mutations on the embedded store lost acknowledged writes.
 * Every sweep reads back, with its own connection, everything the API acknowledged and counts.
 */
describe('lost-write sweep: concurrent mutations on the embedded store', () => {
  let w: WriteStack;
  let groupId: string;

  const CREATE_USER =
    'mutation($e: String!, $p: UserInput!) { create_user(email: $e, props: $p) { ok msg user { email } } }';

  async function sweepUsers(n: number): Promise<void> {
    const run = randomUUID().slice(0, 8);
    const emails = Array.from({ length: n }, (_, i) => `sweep-${run}-${i}@example.com`);
    const answers = await Promise.all(
      emails.map((e, i) =>
        w.admin(CREATE_USER, {
          e,
          p: {
            username: `sweep-${run}-${i}`,
            password: 'correct horse battery',
            need_password_change: false,
            group_ids: [groupId],
          },
        }),
      ),
    );
    const acked = emails.filter((_, i) => answers[i]?.data?.create_user?.ok === true);
    expect(tally(answers, 'create_user')).toEqual({ success: n });

    const users = await w.db
      .collection<{ _id: string; email: string; main_access_key: string }>('users')
      .find({ email: { $in: emails } })
      .toArray();
    expect(users.map((u) => u.email).sort()).toEqual([...acked].sort());
    const keypairs = await w.db
      .collection<{ _id: string; user: string }>('keypairs')
      .find({ user_id: { $in: emails } })
      .toArray();
    expect(keypairs).toHaveLength(acked.length);
    // Each user's main keypair is the one stored for it.
    const mainKeys = new Set(users.map((u) => u.main_access_key));
    expect(keypairs.every((k) => mainKeys.has(k._id) && users.some((u) => u._id === k.user))).toBe(
      true,
    );
    const members = await w.db
      .collection('group_members')
      .countDocuments({ group_id: groupId, user_id: { $in: users.map((u) => u._id) } });
    expect(members).toBe(acked.length);
  }

  beforeAll(async () => {
    w = await startWriteStack();
    const g = await w.admin(
      'mutation { create_group(name: "sweep", props: { domain_name: "default" }) { ok msg group { id } } }',
    );
    groupId = (g.data?.create_group?.group as { id: string }).id;
  });
  afterAll(() => w?.stop());

  // Small sweeps repeat: a lost write at N=10 is rarer, so it gets more chances to show.
  it.each([
    [10, 5],
    [20, 3],
    [40, 2],
    [100, 1],
  ])(
    'create_user x %i (distinct emails, with a group), %i round(s): acknowledged = present, with keypairs and memberships',
    async (n, rounds) => {
      for (let r = 0; r < rounds; r++) await sweepUsers(n);
    },
    150_000,
  );

  it('create_group x 40 then modify_group (add 2 members each) x 40: acknowledged = present', async () => {
    const run = randomUUID().slice(0, 8);
    const names = Array.from({ length: 40 }, (_, i) => `g-${run}-${i}`);
    const created = await Promise.all(
      names.map((name) =>
        w.admin(
          'mutation($n: String!) { create_group(name: $n, props: { domain_name: "default" }) { ok msg group { id } } }',
          { n: name },
        ),
      ),
    );
    expect(tally(created, 'create_group')).toEqual({ success: 40 });
    expect(await w.db.collection('groups').countDocuments({ name: { $in: names } })).toBe(40);

    const users = await w.db.collection('users').find({}).limit(2).toArray();
    const ids = created.map((a) => (a.data?.create_group?.group as { id: string }).id);
    const modified = await Promise.all(
      ids.map((gid) =>
        w.admin(
          'mutation($g: UUID!, $u: [String]) { modify_group(gid: $g, props: { user_update_mode: "add", user_uuids: $u }) { ok msg } }',
          {
            g: gid,
            u: users.map((u) => u._id),
          },
        ),
      ),
    );
    expect(tally(modified, 'modify_group')).toEqual({ success: 40 });
    expect(await w.db.collection('group_members').countDocuments({ group_id: { $in: ids } })).toBe(
      80,
    );
  });

  it('create_keypair x 100 for one user, while users are created: acknowledged = present', async () => {
    const run = randomUUID().slice(0, 8);
    const q =
      'mutation($u: String!) { create_keypair(user_id: $u, props: { resource_policy: "default", rate_limit: 1000 }) { ok msg keypair { access_key } } }';
    const keypairCalls = Array.from({ length: 100 }, () => w.admin(q, { u: 'admin@lablup.com' }));
    // Transactions (create_user) at the same time: a commit must not drop a single-document write.
    const userCalls = Array.from({ length: 20 }, (_, i) =>
      w.admin(CREATE_USER, {
        e: `kp-${run}-${i}@example.com`,
        p: {
          username: `kp-${run}-${i}`,
          password: 'correct horse battery',
          need_password_change: false,
        },
      }),
    );
    const [kps, us] = await Promise.all([Promise.all(keypairCalls), Promise.all(userCalls)]);
    expect(tally(kps, 'create_keypair')).toEqual({ success: 100 });
    expect(tally(us, 'create_user')).toEqual({ success: 20 });
    const keys = kps.map(
      (a) => (a.data?.create_keypair?.keypair as { access_key: string }).access_key,
    );
    expect(
      await w.db.collection('keypairs').countDocuments({ _id: { $in: keys as never[] } }),
    ).toBe(100);
    expect(
      await w.db.collection('users').countDocuments({ email: { $regex: `^kp-${run}-` } }),
    ).toBe(20);
  });
});
