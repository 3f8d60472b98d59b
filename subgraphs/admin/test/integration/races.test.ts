import { randomUUID } from 'node:crypto';
import { startWriteStack, tally, type WriteStack } from './writeStack';

/**
 * Uniqueness races: every loser gets exactly the answer a sequential duplicate gets, and exactly
 * one winner is stored.
 */
describe('uniqueness races on the embedded store', () => {
  let w: WriteStack;
  beforeAll(async () => {
    w = await startWriteStack();
  });
  afterAll(() => w?.stop());

  const CREATE_USER =
    'mutation($e: String!, $p: UserInput!) { create_user(email: $e, props: $p) { ok msg } }';
  const userProps = (username: string) => ({
    username,
    password: 'correct horse battery',
    need_password_change: false,
  });
  const dup = (field: string) => `integrity error: duplicate value for unique field "${field}"`;

  it('100 concurrent create_user with one email: 1 success, 99 duplicate-email errors, one user and one keypair stored', async () => {
    const run = randomUUID().slice(0, 8);
    const email = `race-${run}@example.com`;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        w.admin(CREATE_USER, { e: email, p: userProps(`race-${run}-${i}`) }),
      ),
    );
    expect(tally(answers, 'create_user')).toEqual({ success: 1, [dup('email')]: 99 });
    // The same answer a sequential duplicate gets.
    const sequential = await w.admin(CREATE_USER, { e: email, p: userProps(`race-${run}-late`) });
    expect(sequential.data?.create_user).toEqual({ ok: false, msg: dup('email') });
    expect(await w.db.collection('users').countDocuments({ email })).toBe(1);
    expect(await w.db.collection('keypairs').countDocuments({ user_id: email })).toBe(1);
  });

  it('50 concurrent create_user with one username: 1 success, 49 duplicate-username errors', async () => {
    const run = randomUUID().slice(0, 8);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        w.admin(CREATE_USER, { e: `u-${run}-${i}@example.com`, p: userProps(`same-${run}`) }),
      ),
    );
    expect(tally(answers, 'create_user')).toEqual({ success: 1, [dup('username')]: 49 });
    expect(await w.db.collection('users').countDocuments({ username: `same-${run}` })).toBe(1);
    expect(
      await w.db.collection('keypairs').countDocuments({ user_id: { $regex: `^u-${run}-` } }),
    ).toBe(1);
  });

  it.each([
    [
      'create_group',
      'groups',
      (n: string) =>
        `mutation { create_group(name: "${n}", props: { domain_name: "default" }) { ok msg } }`,
    ],
    [
      'create_domain',
      'domains',
      (n: string) => `mutation { create_domain(name: "${n}", props: {}) { ok msg } }`,
    ],
    [
      'create_keypair_resource_policy',
      'keypair_resource_policies',
      (n: string) =>
        `mutation { create_keypair_resource_policy(name: "${n}", props: { default_for_unspecified: "LIMITED", max_concurrent_sessions: 1, max_containers_per_session: 1, idle_timeout: 0 }) { ok msg } }`,
    ],
    [
      'create_user_resource_policy',
      'user_resource_policies',
      (n: string) => `mutation { create_user_resource_policy(name: "${n}", props: {}) { ok msg } }`,
    ],
    [
      'create_scaling_group',
      'scaling_groups',
      (n: string) =>
        `mutation { create_scaling_group(name: "${n}", props: { driver: "static", scheduler: "fifo" }) { ok msg } }`,
    ],
  ])(
    '50 concurrent %s with one name: 1 success, 49 duplicate-name errors',
    async (field, collection, q) => {
      const name = `race-${randomUUID().slice(0, 8)}`;
      const answers = await Promise.all(Array.from({ length: 50 }, () => w.admin(q(name))));
      expect(tally(answers, field)).toEqual({ success: 1, [dup('name')]: 49 });
      expect((await w.admin(q(name))).data?.[field]).toEqual({ ok: false, msg: dup('name') });
      expect(await w.db.collection(collection).countDocuments({ name })).toBe(1);
    },
  );

  it('create_user racing a group purge: the user and its keypair exist whenever acknowledged', async () => {
    const run = randomUUID().slice(0, 8);
    const g = await w.admin(
      `mutation { create_group(name: "p-${run}", props: { domain_name: "default" }) { ok group { id } } }`,
    );
    const gid = (g.data?.create_group?.group as { id: string }).id;
    const creates = Array.from({ length: 30 }, (_, i) =>
      w.admin(
        'mutation($e: String!, $p: UserInput!) { create_user(email: $e, props: $p) { ok msg } }',
        {
          e: `pg-${run}-${i}@example.com`,
          p: { ...userProps(`pg-${run}-${i}`), group_ids: [gid] },
        },
      ),
    );
    const purge = w.admin('mutation($g: UUID!) { purge_group(gid: $g) { ok msg } }', { g: gid });
    const [answers, purged] = await Promise.all([Promise.all(creates), purge]);
    expect(purged.data?.purge_group).toEqual({ ok: true, msg: 'success' });
    expect(tally(answers, 'create_user')).toEqual({ success: 30 });
    expect(
      await w.db.collection('users').countDocuments({ email: { $regex: `^pg-${run}-` } }),
    ).toBe(30);
    expect(
      await w.db.collection('keypairs').countDocuments({ user_id: { $regex: `^pg-${run}-` } }),
    ).toBe(30);
    // No membership survives in a purged group.
    expect(await w.db.collection('group_members').countDocuments({ group_id: gid })).toBe(0);
  });
});
