import { AccountsRepository } from '@fedmgmt/accounts';
import {
  metricValue,
  postGraphQL,
  type Sample,
  scrape,
  type Stack,
  startStack,
} from '@fedmgmt/testkit';

const TOKEN = 'metrics-token-for-tests-0123456789';
const CROSS = 'query Cross { user(email: "admin@lablup.com") { email account { userName } } }';

describe('Prometheus metrics on every service', () => {
  let stack: Stack;
  let gatewayMetrics: string;
  let accountsMetrics: string;
  const gw = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    scrape(gatewayMetrics, headers);

  beforeAll(async () => {
    stack = await startStack({
      // Gateway: /metrics on the main port with a bearer token; admin: a separate listener; accounts: open (not production).
      gatewayEnv: { METRICS_TOKEN: TOKEN, METRICS_MAX_OPERATION_NAMES: '5' },
      adminEnv: { METRICS_PORT: '0' },
      accountsEnv: { METRICS_OPEN: 'true' },
    });
    gatewayMetrics = new URL('/metrics', stack.gatewayUrl).toString();
    accountsMetrics = new URL('/metrics', stack.accountsUrl).toString();
    await new AccountsRepository(stack.redis, '').create({
      userName: 'admin',
      active: true,
      emails: [{ value: 'admin@lablup.com', primary: true }],
    });
  });
  afterAll(() => stack?.stop());

  it('guards the gateway /metrics by token and serves process and store metrics', async () => {
    const none = await fetch(gatewayMetrics);
    const wrong = await fetch(gatewayMetrics, { headers: { authorization: 'Bearer nope' } });
    expect([none.status, wrong.status]).toEqual([401, 401]);
    const samples = await gw();
    expect(metricValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metricValue(samples, 'fedmgmt_store_up', { store: 'redis', service: 'gateway' })).toBe(
      1,
    );
    // The admin subgraph has no /metrics on its main port: only on its own listener.
    expect((await fetch(new URL('/metrics', stack.adminUrl))).status).toBe(404);
    const admin = await scrape(stack.metricsUrls.admin as string);
    expect(metricValue(admin, 'fedmgmt_store_up', { store: 'mongodb', service: 'admin' })).toBe(1);
    const accounts = await scrape(accountsMetrics);
    expect(metricValue(accounts, 'fedmgmt_store_up', { store: 'redis', service: 'accounts' })).toBe(
      1,
    );
  });

  it('moves the HTTP, operation, subgraph-fetch and auth counters of all three services for one query', async () => {
    const before = {
      gw: await gw(),
      admin: await scrape(stack.metricsUrls.admin as string),
      accounts: await scrape(accountsMetrics),
    };
    const res = await stack.request({ query: CROSS });
    expect(res.body).toEqual({
      data: { user: { email: 'admin@lablup.com', account: { userName: 'admin' } } },
    });
    const after = {
      gw: await gw(),
      admin: await scrape(stack.metricsUrls.admin as string),
      accounts: await scrape(accountsMetrics),
    };
    const delta = (k: keyof typeof before, name: string, labels: Record<string, string> = {}) =>
      metricValue(after[k], name, labels) - metricValue(before[k], name, labels);

    expect(
      delta('gw', 'fedmgmt_http_requests_total', {
        route: '/graphql',
        method: 'POST',
        status: '200',
      }),
    ).toBe(1);
    expect(
      delta('gw', 'fedmgmt_http_request_duration_seconds_count', {
        route: '/graphql',
        status: '200',
      }),
    ).toBe(1);
    expect(
      delta('gw', 'fedmgmt_graphql_operations_total', {
        operation: 'Cross',
        type: 'query',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      delta('gw', 'fedmgmt_graphql_operation_duration_seconds_count', {
        operation: 'Cross',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      delta('gw', 'fedmgmt_gateway_subgraph_fetch_duration_seconds_count', {
        subgraph: 'admin',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      delta('gw', 'fedmgmt_gateway_subgraph_fetch_duration_seconds_count', {
        subgraph: 'accounts',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      delta('gw', 'fedmgmt_gateway_auth_total', { outcome: 'accepted', reason: 'keypair' }),
    ).toBe(1);
    // Each subgraph served one operation (named by the gateway's query planner) over POST /graphql.
    expect(
      delta('admin', 'fedmgmt_graphql_operations_total', { type: 'query', outcome: 'success' }),
    ).toBe(1);
    expect(
      delta('admin', 'fedmgmt_http_requests_total', { route: '/graphql', status: '200' }),
    ).toBe(1);
    expect(
      delta('accounts', 'fedmgmt_graphql_operations_total', { type: 'query', outcome: 'success' }),
    ).toBe(1);
    expect(
      delta('accounts', 'fedmgmt_http_request_duration_seconds_count', {
        route: '/graphql',
        status: '200',
      }),
    ).toBe(1);
  });

  it('counts refusals by reason, with no credential in any label', async () => {
    const before = await gw();
    const anon = await postGraphQL(stack.gatewayUrl, { query: CROSS });
    const forged = await postGraphQL(
      stack.gatewayUrl,
      { query: CROSS },
      { authorization: 'Bearer not.a.jwt' },
    );
    expect([anon.status, forged.status]).toEqual([401, 401]);
    const after = await gw();
    expect(
      metricValue(after, 'fedmgmt_gateway_auth_total', {
        outcome: 'refused',
        reason: 'auth-failed',
      }) -
        metricValue(before, 'fedmgmt_gateway_auth_total', {
          outcome: 'refused',
          reason: 'auth-failed',
        }),
    ).toBe(2);
    expect(
      metricValue(after, 'fedmgmt_http_requests_total', { route: '/graphql', status: '401' }) -
        metricValue(before, 'fedmgmt_http_requests_total', { route: '/graphql', status: '401' }),
    ).toBe(2);
    const labelValues = after.flatMap((s: Sample) => Object.values(s.labels));
    expect(labelValues.join(' ')).not.toContain('not.a.jwt');
  });

  it('keeps operation names bounded: only names of valid operations, at most the configured number', async () => {
    const bad = await stack.request({ query: 'query NoSuchField { nope }' });
    const broken = await stack.request({ query: 'query Broken {' });
    expect([bad.status, broken.status]).toEqual([400, 400]);
    for (let i = 0; i < 8; i += 1)
      await stack.request({
        query: `query Named${i} { user(email: "admin@lablup.com") { email } }`,
      });
    const samples = await gw();
    const names = new Set(
      samples
        .filter((s) => s.name === 'fedmgmt_graphql_operations_total')
        .map((s) => s.labels.operation),
    );
    expect(names.has('NoSuchField')).toBe(false);
    expect(names.has('Broken')).toBe(false);
    expect(
      metricValue(samples, 'fedmgmt_graphql_operations_total', {
        operation: 'unknown',
        outcome: 'validation_error',
      }),
    ).toBe(1);
    expect(
      metricValue(samples, 'fedmgmt_graphql_operations_total', {
        operation: 'unknown',
        outcome: 'parse_error',
      }),
    ).toBe(1);
    // Cap 5: "Cross" and four of the NamedN; the other four go to "other".
    expect([...names].filter((n) => n !== 'unknown' && n !== 'other').length).toBe(5);
    expect(metricValue(samples, 'fedmgmt_graphql_operations_total', { operation: 'other' })).toBe(
      4,
    );
  });
});
