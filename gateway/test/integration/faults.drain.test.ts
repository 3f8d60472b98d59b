import { join } from 'node:path';
import { freePort } from '@fedmgmt/embedded';
import {
  authHeaders,
  eventually,
  type Faulty,
  postGraphQL,
  serviceProcess,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';

/**
 * SIGTERM to a gateway process with requests in flight (held by an accounts subgraph hung
 * with SIGSTOP): every request still gets its full answer, then the process exits.
 */
const ROOT = join(__dirname, '..', '..', '..');
// Distinct bodies: identical signed requests in one second would be refused as replays.
const query = (i: number) => ({ query: `query Drain${i} { accounts(first: 1) { totalCount } }` });

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('gateway SIGTERM with requests in flight', () => {
  let stack: Stack;
  let accounts: Faulty;
  let gateway: Faulty;

  beforeAll(async () => {
    const [accountsPort, gatewayPort] = [await freePort(), await freePort()];
    stack = await startStack();
    accounts = await serviceProcess(
      join(ROOT, 'subgraphs/accounts/src/main.ts'),
      {
        LOG_LEVEL: 'silent',
        ACCOUNTS_PORT: String(accountsPort),
        REDIS_URL: stack.redisUrl,
        ACCOUNTS_KEY_PREFIX: stack.keyPrefix,
        INTERNAL_AUTH_SECRET: stack.secrets.accounts,
      },
      accountsPort,
    );
    gateway = await serviceProcess(
      join(ROOT, 'gateway/src/main.ts'),
      {
        LOG_LEVEL: 'silent',
        GATEWAY_PORT: String(gatewayPort),
        REDIS_URL: stack.redisUrl,
        GATEWAY_REDIS_PREFIX: stack.gatewayRedisPrefix,
        SUBGRAPH_URL_ADMIN: stack.adminUrl,
        SUBGRAPH_URL_ACCOUNTS: accounts.url,
        INTERNAL_AUTH_SECRET_ADMIN: stack.secrets.admin,
        INTERNAL_AUTH_SECRET_ACCOUNTS: stack.secrets.accounts,
        SUBGRAPH_TIMEOUT_MS: '30000',
      },
      gatewayPort,
    );
  });
  afterAll(async () => {
    await gateway?.stop();
    await accounts?.stop();
    await stack?.stop();
  });

  it('answers every in-flight request in full, then exits', async () => {
    const send = async (i: number) =>
      postGraphQL(gateway.url, query(i), await authHeaders('superadmin', gateway.url, query(i)));
    expect((await send(0)).body).toEqual({
      data: { accounts: { totalCount: expect.any(Number) } },
    });
    accounts.hang();
    const inFlight = Array.from({ length: 5 }, (_, i) => send(i + 1));
    // Held at the hung subgraph: the gateway has authenticated them and is waiting.
    await new Promise((r) => setTimeout(r, 1500));
    const pid = gateway.pid();
    process.kill(pid!, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(pid)).toBe(true); // still draining
    accounts.resume();
    const answers = await Promise.all(inFlight);
    for (const a of answers)
      expect([a.status, a.body]).toEqual([
        200,
        { data: { accounts: { totalCount: expect.any(Number) } } },
      ]);
    await eventually(async () => (alive(pid) ? undefined : true));
  });
});
