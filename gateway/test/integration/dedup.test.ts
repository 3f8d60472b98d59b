import { AccountsRepository } from '@fedmgmt/accounts';
import { type Stack, startStack } from '@fedmgmt/testkit';

/**
 * Inbound dedup on (the default) through the real gateway: many identical queries at once, from
 * different callers and with a bad credential mixed in. Each caller gets its own answer, and the
 * bad credential is refused however many identical queries are in flight.
 */
const QUERY = '{ accountById(accountId: "acc-alice") { userName } }';

describe('gateway inbound dedup over HTTP', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
    const repo = new AccountsRepository(stack.redis, '');
    await repo.create({
      id: 'acc-alice',
      userName: 'alice',
      active: true,
      emails: [{ value: 'alice@example.com', primary: true }],
    });
    await repo.create({
      id: 'acc-bob',
      userName: 'bob',
      active: true,
      emails: [{ value: 'bob@example.com', primary: true }],
    });
  });
  afterAll(() => stack?.stop());

  it('answers each caller for itself and refuses a bad token among identical concurrent queries', async () => {
    const alice = await stack.mintToken({
      subject: 'alice',
      accountId: 'acc-alice',
      email: 'alice@example.com',
    });
    const bob = await stack.mintToken({
      subject: 'bob',
      accountId: 'acc-bob',
      email: 'bob@example.com',
    });
    const callers = Array.from(
      { length: 30 },
      (_, i) => (['alice', 'bob', 'forged'] as const)[i % 3]!,
    );
    const tokens = { alice, bob, forged: `${alice.slice(0, -4)}AAAA` };
    const answers = await Promise.all(
      callers.map((c) => stack.request({ query: QUERY }, { token: tokens[c] })),
    );
    const byCaller = (c: string) => [
      ...new Set(
        answers
          .filter((_, i) => callers[i] === c)
          .map((a) => JSON.stringify({ status: a.status, body: a.body })),
      ),
    ];
    expect(byCaller('alice')).toEqual([
      JSON.stringify({ status: 200, body: { data: { accountById: { userName: 'alice' } } } }),
    ]);
    const bobs = byCaller('bob');
    expect(bobs.length).toBe(1);
    expect(bobs[0]).not.toContain('"userName":"alice"');
    expect(byCaller('forged').map((a) => (JSON.parse(a) as { status: number }).status)).toEqual([
      401,
    ]);
  });
});
