import { AccountsRepository } from '@fedmgmt/accounts';
import { initTracing, type TracingHandle } from '@fedmgmt/service-kit';
import { type Stack, startStack } from '@fedmgmt/testkit';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';

const CROSS = 'query Cross { user(email: "admin@lablup.com") { email account { userName } } }';

describe('OpenTelemetry tracing across the gateway and both subgraphs (in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: TracingHandle;
  let stack: Stack;

  beforeAll(async () => {
    // The test seam: the process's provider exports to memory; nothing leaves the process.
    tracing = initTracing(
      { endpoint: undefined, serviceName: 'fedmgmt-test' },
      exporter,
    ) as TracingHandle;
    stack = await startStack({ adminEnv: { MONGO_MONITOR_COMMANDS: 'true' } });
    await new AccountsRepository(stack.redis, '').create({
      userName: 'admin',
      active: true,
      emails: [{ value: 'admin@lablup.com', primary: true }],
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await tracing?.shutdown();
  });

  it('builds one trace: gateway operation -> subgraph fetch -> subgraph server span -> store span', async () => {
    exporter.reset();
    const res = await stack.request({ query: CROSS });
    expect(res.body).toEqual({
      data: { user: { email: 'admin@lablup.com', account: { userName: 'admin' } } },
    });
    await new Promise((r) => setTimeout(r, 100));
    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans();
    const root = spans.find(
      (s) =>
        s.kind === SpanKind.SERVER &&
        s.attributes['fedmgmt.service'] === 'gateway' &&
        s.name === 'POST /graphql',
    );
    expect(root).toBeDefined();
    const traceId = root!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const parentOf = (s: ReadableSpan) =>
      inTrace.find((p) => p.spanContext().spanId === s.parentSpanId);
    const chain = (s: ReadableSpan): string[] => {
      const names: string[] = [];
      for (let cur: ReadableSpan | undefined = s; cur; cur = parentOf(cur)) names.unshift(cur.name);
      return names;
    };
    expect(inTrace.find((s) => s.name === 'gateway.request')).toBeDefined();
    for (const [subgraph, store] of [
      ['admin', 'mongodb'],
      ['accounts', 'redis'],
    ] as const) {
      const server = inTrace.find(
        (s) =>
          s.kind === SpanKind.SERVER &&
          s.attributes['fedmgmt.service'] === subgraph &&
          s.name === 'POST /graphql',
      );
      expect(server).toBeDefined();
      const client = parentOf(server!);
      expect(client).toMatchObject({ name: `POST ${subgraph}`, kind: SpanKind.CLIENT });
      expect(parentOf(client!)).toMatchObject({
        name: 'gateway.fetch',
        attributes: { service: subgraph },
      });
      const storeSpan = inTrace.find(
        (s) => s.attributes['db.system'] === store && parentOf(s) === server,
      );
      expect(storeSpan).toBeDefined();
      // Root to store, in one trace: the HTTP span, Apollo's gateway.request/execute/fetch, our fetch, the subgraph, its store.
      const path = chain(storeSpan!);
      expect(path[0]).toBe('POST /graphql');
      expect(path).toEqual(
        expect.arrayContaining([
          'gateway.request',
          'gateway.fetch',
          `POST ${subgraph}`,
          storeSpan!.name,
        ]),
      );
      expect(path.indexOf('gateway.request')).toBeLessThan(path.indexOf('gateway.fetch'));
      expect(path.indexOf('gateway.fetch')).toBeLessThan(path.indexOf(`POST ${subgraph}`));
      expect(storeSpan!.name.startsWith(`${store} `)).toBe(true);
    }
  });

  it('starts a fresh trace at the gateway: a client traceparent does not choose the trace id', async () => {
    exporter.reset();
    const body = { query: CROSS };
    const { authHeaders, postGraphQL } = await import('@fedmgmt/testkit');
    const foreign = '0af7651916cd43dd8448eb211c80319c';
    await postGraphQL(stack.gatewayUrl, body, {
      ...(await authHeaders('superadmin', stack.gatewayUrl, body)),
      traceparent: `00-${foreign}-b7ad6b7169203331-01`,
    });
    await new Promise((r) => setTimeout(r, 100));
    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.some((s) => s.spanContext().traceId === foreign)).toBe(false);
  });
});
