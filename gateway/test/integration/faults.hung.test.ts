import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import {
  type Caller,
  eventually,
  type Faulty,
  privateMongo,
  readyStatus,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';

/**
 * Hung dependencies (issue 9): a store or subgraph that accepts connections and never answers.
 * Outcomes are asserted (codes, /ready 503 then 200), never timings.
 */
type Res = Awaited<ReturnType<Stack['request']>>;
const codes = (res: Res) =>
  (res.body.errors ?? []).map((e) => (e.extensions as { code?: string } | undefined)?.code);
const until = (probe: () => Promise<boolean>) =>
  eventually(async () => ((await probe()) ? true : undefined), 30_000);
const ADMIN_READ = '{ domains { name } }';
const ADMIN_WRITE = (name: string) => ({
  query: 'mutation($n: String!) { create_domain(name: $n, props: {}) { ok msg } }',
  variables: { n: name },
});

describe('the test’s own MongoDB hung (SIGSTOP by PID)', () => {
  let mongo: Faulty;
  let stack: Stack;
  const ready = () => readyStatus(stack.gatewayUrl);

  beforeAll(async () => {
    mongo = await privateMongo();
    stack = await startStack({ mongoUrl: mongo.url, gatewayEnv: { READY_CACHE_MS: '0' } });
  });
  afterAll(async () => {
    mongo?.resume();
    await stack?.stop().catch(() => undefined);
    await mongo?.stop();
  });

  it('admin fields SERVICE_UNAVAILABLE and /ready 503 while it is stopped; recovery on SIGCONT', async () => {
    expect(codes(await stack.request({ query: ADMIN_READ }))).toEqual([]);
    mongo.hang();
    try {
      await until(async () => (await ready()) === 503);
      const res = await stack.request({ query: ADMIN_READ });
      expect(res.body.data).toEqual({ domains: null });
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(JSON.stringify(res.body)).not.toMatch(/mongo|127\.0\.0\.1|timed out/i);
    } finally {
      mongo.resume();
    }
    await until(async () => (await ready()) === 200);
    const back = await eventually(async () => {
      const r = await stack.request({ query: ADMIN_READ });
      return r.body.errors ? undefined : r;
    });
    expect((back.body.data as { domains: unknown[] }).domains.length).toBeGreaterThan(0);
  });
});

describe('the admin subgraph hung at the gateway (a probe that accepts and never answers)', () => {
  let probe: Server;
  const sockets = new Set<Socket>();
  let stack: Stack;
  let token: Caller;

  beforeAll(async () => {
    probe = createServer(() => undefined); // reads every request, answers none
    probe.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    stack = await startStack({
      subgraphUrlOverride: { admin: `http://127.0.0.1:${port}/graphql` },
      gatewayEnv: { READY_CACHE_MS: '0', SUBGRAPH_MUTATION_TIMEOUT_MS: '1500' },
    });
    // A token caller: keypair callers would be looked up at the (hung) admin subgraph first.
    token = { token: await stack.mintToken({ subject: 'ops', groups: ['accounts-admin'] }) };
  });
  afterAll(async () => {
    await stack?.stop().catch(() => undefined);
    for (const s of sockets) s.destroy();
    await new Promise((r) => probe?.close(r));
  });

  it('queries get SUBGRAPH_UNAVAILABLE, mutations OUTCOME_UNKNOWN, /ready 503; other subgraph fields still answer', async () => {
    const read = await stack.request(
      { query: `${ADMIN_READ.slice(0, -1)} accounts(first: 1) { totalCount } }` },
      token,
    );
    expect(codes(read)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(read.body.data).toEqual({ domains: null, accounts: { totalCount: expect.any(Number) } });
    const write = await stack.request(ADMIN_WRITE('while-hung'), token);
    expect(codes(write)).toEqual(['OUTCOME_UNKNOWN']);
    expect(JSON.stringify(write.body)).not.toMatch(/127\.0\.0\.1|ECONN|timed out/i);
    expect(await readyStatus(stack.gatewayUrl)).toBe(503);
  });
});
