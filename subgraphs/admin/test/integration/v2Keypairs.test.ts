import type { KeyPairDoc, UserDoc } from '../../src/data/documents';
import { SUPERADMIN_REQUIRED } from '../../src/rules';
import { CURSOR, gid, referenceSort, refusedBody, ROLES, summary, V2Harness } from './v2harness';

describe('strawberry V2 keypairs through the gateway', () => {
  const h = new V2Harness();
  let keypairs: KeyPairDoc[];
  let byId: Map<string, UserDoc>;
  beforeAll(async () => {
    await h.start(40);
    // A second, inactive keypair with an ssh key for the fixture user: not its default one.
    await h.seeded.repos.keypairs.create({
      access_key: 'AKIATESTSECONDKEY001',
      secret_key: 'second-secret-key-for-the-fixture-user-0',
      user_id: h.user('user').email,
      user: h.user('user')._id,
      domain_name: 'default',
      is_active: false,
      is_admin: false,
      resource_policy: 'default',
      rate_limit: 1000,
    });
    await h.seeded.repos.keypairs.update(
      { _id: 'AKIATESTSECONDKEY001' },
      { ssh_public_key: 'ssh-ed25519 AAAAC3Nza test@example' },
    );
    keypairs = await h.seeded.repos.keypairs.find({});
    byId = new Map(h.users.map((u) => [u._id, u]));
  });
  afterAll(() => h.stop());

  const node = (k: KeyPairDoc) => ({
    id: gid('KeyPairV2', k._id),
    accessKey: k._id,
    isActive: k.is_active,
    isAdmin: k.is_admin,
    isDefault: byId.get(k.user)?.main_access_key === k._id,
    rateLimit: k.rate_limit,
    resourcePolicy: k.resource_policy,
    sshPublicKey: k.ssh_public_key ?? null,
    userId: k.user,
    createdAt: k.created_at.toISOString(),
    user: { basicInfo: { email: byId.get(k.user)?.email } },
  });

  it.each([
    ['default order', null, null, () => true, [['created_at', -1]]],
    [
      'inactive, access key ASC',
      { isActive: false },
      [{ field: 'ACCESS_KEY', direction: 'ASC' }],
      (k: KeyPairDoc) => !k.is_active,
      [['_id', 1]],
    ],
    [
      'admins or one user, is_active DESC',
      { OR: [{ isAdmin: true }, { userId: { equals: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4' } }] },
      [{ field: 'IS_ACTIVE', direction: 'DESC' }],
      (k: KeyPairDoc) => k.is_admin || k.user === 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
      [['is_active', -1]],
    ],
    [
      'NOT prefix, policy then created',
      { NOT: [{ accessKey: { startsWith: 'AKIATEST' } }], resourcePolicy: { equals: 'default' } },
      [
        { field: 'RESOURCE_POLICY', direction: 'ASC' },
        { field: 'CREATED_AT', direction: 'ASC' },
      ],
      (k: KeyPairDoc) => !k._id.startsWith('AKIATEST'),
      [
        ['resource_policy', 1],
        ['created_at', 1],
      ],
    ],
    [
      'createdAt before',
      { createdAt: { before: '2023-09-01T00:00:00Z' } },
      null,
      (k: KeyPairDoc) => k.created_at < new Date('2023-09-01T00:00:00Z'),
      [['created_at', -1]],
    ],
  ] as [
    string,
    unknown,
    unknown,
    (k: KeyPairDoc) => boolean,
    [Extract<keyof KeyPairDoc, string>, 1 | -1][],
  ][])('adminKeypairsV2: %s matches the reference', async (_n, filter, orderBy, pred, order) => {
    const expected = referenceSort(keypairs.filter(pred), order);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThanOrEqual(100);
    expect(
      await h.run('superadmin', h.document('adminKeypairsV2'), { filter, orderBy, first: 100 }),
    ).toEqual({
      data: {
        adminKeypairsV2: {
          count: expected.length,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: false,
            endCursor: expect.stringMatching(CURSOR),
          },
          edges: expected.map((k) => ({ cursor: expect.stringMatching(CURSOR), node: node(k) })),
        },
      },
    });
  });

  it('never carries a secret key, for any role', async () => {
    const secrets = keypairs.map((k) => h.seeded.repos.keypairs.secretOf(k));
    expect(secrets.every((s) => s.length >= 20)).toBe(true);
    const bodies = [
      JSON.stringify(await h.run('superadmin', h.document('adminKeypairsV2'), { first: 100 })),
      ...(await Promise.all(
        keypairs
          .slice(0, 10)
          .map(async (k) =>
            JSON.stringify(
              await h.run('superadmin', h.document('adminKeypairV2'), { accessKey: k._id }),
            ),
          ),
      )),
      ...(await Promise.all(
        ROLES.map(async (r) => JSON.stringify(await h.run(r, h.document('myKeypairs')))),
      )),
    ];
    expect(bodies.filter((b) => secrets.some((s) => b.includes(s)))).toEqual([]);
  });

  it.each(ROLES)('myKeypairs gives a %s its own keypairs only', async (role) => {
    const me = h.user(role);
    const mine = referenceSort(
      keypairs.filter((k) => k.user === me._id),
      [['created_at', -1]],
    );
    expect(await h.run(role, h.document('myKeypairs'))).toEqual({
      data: {
        myKeypairs: {
          count: mine.length,
          edges: mine.map((k) => ({
            node: {
              accessKey: k._id,
              isActive: k.is_active,
              isDefault: me.main_access_key === k._id,
              resourcePolicy: 'default',
              userId: me._id,
              user: { basicInfo: { email: me.email } },
            },
          })),
        },
      },
    });
  });

  it("myKeypairs filters within the caller's own keypairs", async () => {
    const body = await h.run('user', h.document('myKeypairs'), {
      filter: { isActive: false },
      orderBy: [{ field: 'ACCESS_KEY', direction: 'DESC' }],
    });
    expect(
      (body.data?.myKeypairs as { edges: { node: { accessKey: string } }[] }).edges.map(
        (e) => e.node.accessKey,
      ),
    ).toEqual(['AKIATESTSECONDKEY001']);
  });

  it('adminKeypairV2 answers a superadmin, with an error for an unknown key', async () => {
    const k = keypairs.find((x) => x._id === 'AKIATESTSECONDKEY001') as KeyPairDoc;
    const body = await h.run('superadmin', h.document('adminKeypairV2'), { accessKey: k._id });
    expect(body).toEqual({
      data: {
        adminKeypairV2: {
          id: gid('KeyPairV2', k._id),
          accessKey: k._id,
          isActive: false,
          isAdmin: false,
          isDefault: false,
          createdAt: k.created_at.toISOString(),
          modifiedAt: expect.any(String),
          lastUsed: null,
          rateLimit: 1000,
          numQueries: 0,
          resourcePolicy: 'default',
          sshPublicKey: 'ssh-ed25519 AAAAC3Nza test@example',
          userId: h.user('user')._id,
          user: {
            id: gid('UserV2', h.user('user')._id),
            basicInfo: { email: h.user('user').email },
          },
        },
      },
    });
    expect(
      summary(
        await h.run('superadmin', h.document('adminKeypairV2'), {
          accessKey: 'AKIANOSUCHKEY0000000',
        }),
      ),
    ).toEqual(refusedBody('adminKeypairV2', 'Keypair not found.'));
  });

  it.each(['admin', 'monitor', 'user'] as const)(
    'adminKeypairV2 and adminKeypairsV2 refuse a %s',
    async (role) => {
      expect(summary(await h.run(role, h.document('adminKeypairsV2'), {}))).toEqual(
        refusedBody('adminKeypairsV2', SUPERADMIN_REQUIRED),
      );
      expect(
        summary(
          await h.run(role, h.document('adminKeypairV2'), {
            accessKey: h.user(role).main_access_key,
          }),
        ),
      ).toEqual(refusedBody('adminKeypairV2', SUPERADMIN_REQUIRED));
    },
  );
});
