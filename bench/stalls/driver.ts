/**
 * Driver-only reproduction (a script): sequential findOne against the embedded server, no gateway.
 *   npx tsx bench/stalls/driver.ts
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '@fedmgmt/embedded';

const N = Number(process.env.N ?? 300);
const out = (s: string) => process.stdout.write(`${s}\n`);
let t0 = Date.now();
async function main() {
  const m = await startEmbeddedMongo();
  // MONITOR=stream|auto: the driver's default monitor instead of the poll mode packages/embedded sets.
  const base = process.env.MONITOR
    ? m.url.replace('serverMonitoringMode=poll', `serverMonitoringMode=${process.env.MONITOR}`)
    : m.url;
  const url = process.env.URL_SUFFIX ? base + process.env.URL_SUFFIX : base;
  // The admin subgraph's client options (subgraphs/admin/src/config.ts defaults).
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: 700,
    connectTimeoutMS: 700,
    socketTimeoutMS: 900,
    waitQueueTimeoutMS: 500,
    maxPoolSize: 20,
    appName: 'stalls',
  });
  await client.connect();
  const col = client.db('t').collection('c');
  await col.insertOne({ k: 1 });
  for (const ev of ['serverHeartbeatFailed', 'connectionPoolCleared', 'serverDescriptionChanged']) {
    client.on(ev, (e: { failure?: Error; newDescription?: { type?: string } }) =>
      out(`${ev} +${Date.now() - t0} ms ${e.failure?.message ?? e.newDescription?.type ?? ''}`),
    );
  }
  t0 = Date.now();
  const gap = Number(process.env.GAP_MS ?? 0);
  const ms: number[] = [];
  for (let i = 0; i < N; i += 1) {
    if (gap) await new Promise((r) => setTimeout(r, gap));
    const t = process.hrtime.bigint();
    await col.findOne({ k: 1 });
    const d = Number(process.hrtime.bigint() - t) / 1e6;
    ms.push(d);
    if (d > 100) out(`slow #${i} at +${Date.now() - t0} ms: ${d.toFixed(1)} ms`);
  }
  ms.sort((a, b) => a - b);
  out(
    `url ${url}\nN ${N} gap ${gap}: p50 ${ms[N >> 1]!.toFixed(2)} p95 ${ms[Math.floor(N * 0.95)]!.toFixed(2)} max ${ms[N - 1]!.toFixed(1)} over100 ${ms.filter((x) => x > 100).length}`,
  );
  await client.close();
  await m.stop();
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
