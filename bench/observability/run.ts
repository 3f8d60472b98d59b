/**
 * Observability overhead benchmark (a script, not a test).
 *
 *   npm run bench:observability                 # 400 cross-subgraph queries per phase
 *   BENCH_OBS_REQUESTS=1000 npm run bench:observability
 *
 * Runs the whole stack in process on loopback (testkit) and times sequential cross-subgraph
 * queries (admin user + accounts account), first with tracing off (metrics and request ids are
 * always on), then on a second stack with tracing on into an in-memory exporter (nothing leaves
 * the process) and MongoDB command monitoring. Prints mean/p95 per phase, the ratio, spans per
 * request and the time of one /metrics scrape of the gateway.
 */
import { AccountsRepository } from '@fedmgmt/accounts';
import { initTracing } from '@fedmgmt/service-kit';
import { type Stack, startStack } from '@fedmgmt/testkit';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
const N = Number(process.env.BENCH_OBS_REQUESTS ?? 400);
const out = (s: string) => process.stdout.write(`${s}\n`);
const QUERY = {
  query: 'query Cross { user(email: "admin@lablup.com") { email account { userName } } }',
};

async function phase(
  stack: Stack,
  onEach?: () => void,
): Promise<{ mean: number; p50: number; p95: number; slow: number }> {
  await new AccountsRepository(stack.redis, '').create({
    userName: 'admin',
    active: true,
    emails: [{ value: 'admin@lablup.com', primary: true }],
  });
  for (let i = 0; i < 50; i += 1) await stack.request(QUERY); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < N; i += 1) {
    const t = process.hrtime.bigint();
    const res = await stack.request(QUERY);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (res.status !== 200 || res.body.errors)
      throw new Error(`request failed: ${JSON.stringify(res.body)}`);
    onEach?.();
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.floor(ms.length * q)] as number;
  return {
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    p50: at(0.5),
    p95: at(0.95),
    slow: ms.filter((x) => x > 200).length,
  };
}

async function main(): Promise<void> {
  const off = await startStack({ gatewayEnv: { TOKEN_RATE_LIMIT: '0' } });
  let a;
  try {
    a = await phase(off);
    const t = process.hrtime.bigint();
    const text = await (await fetch(new URL('/metrics', off.gatewayUrl))).text();
    const scrapeMs = Number(process.hrtime.bigint() - t) / 1e6;
    out(
      `gateway /metrics: ${text.split('\n').filter((l) => l && !l.startsWith('#')).length} samples, scrape ${scrapeMs.toFixed(1)} ms`,
    );
  } finally {
    await off.stop();
  }
  const exporter = new InMemorySpanExporter();
  const tracing = initTracing({ endpoint: undefined, serviceName: 'bench' }, exporter);
  const on = await startStack({ adminEnv: { MONGO_MONITOR_COMMANDS: 'true' } });
  let spans = 0;
  let b;
  try {
    b = await phase(on, () => {
      spans += exporter.getFinishedSpans().length;
      exporter.reset();
    });
  } finally {
    await on.stop();
    await tracing?.shutdown();
  }
  out(`requests per phase: ${N} (sequential, loopback, in process)`);
  out(
    `tracing off: mean ${a.mean.toFixed(2)} ms, p50 ${a.p50.toFixed(2)} ms, p95 ${a.p95.toFixed(2)} ms, ${a.slow} over 200 ms`,
  );
  out(
    `tracing on:  mean ${b.mean.toFixed(2)} ms, p50 ${b.p50.toFixed(2)} ms, p95 ${b.p95.toFixed(2)} ms, ${b.slow} over 200 ms, ${(spans / N).toFixed(1)} spans/request`,
  );
  out(`ratio on/off: mean ${(b.mean / a.mean).toFixed(2)}, p50 ${(b.p50 / a.p50).toFixed(2)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
