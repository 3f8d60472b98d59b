/**
 * Per-hop timestamps for sequential cross-subgraph requests (a script, not a test).
 *   npx tsx bench/stalls/hops.ts            # N=400
 * Same query and stack as bench:observability. For every request it records, relative to the
 * client's send: the gateway's subgraph fetches (undici diagnostics channels), each subgraph's
 * HTTP handling (node:http diagnostics channels), each MongoDB command (driver command
 * monitoring) and each Redis command (ioredis), then prints the hops of every request over SLOW_MS.
 */
import dc from 'node:diagnostics_channel';
import { AccountsRepository } from '@fedmgmt/accounts/src/data/accountsRepository';
import { startEmbeddedMongo } from '@fedmgmt/embedded';
import { startStack } from '@fedmgmt/testkit';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
const N = Number(process.env.N ?? 400);
const SLOW = Number(process.env.SLOW_MS ?? 150);
const out = (s: string) => process.stdout.write(`${s}\n`);
const QUERY = {
  query: 'query Cross { user(email: "admin@lablup.com") { email account { userName } } }',
};
const now = () => Number(process.hrtime.bigint()) / 1e6;
let events: string[] = [];
let t0 = 0;
const log = (s: string) => events.push(`+${(now() - t0).toFixed(1).padStart(6)} ${s}`);

const reqs = new WeakMap<object, number>();
dc.subscribe('undici:request:create', (m: any) => {
  reqs.set(m.request, now());
  log(`fetch start ${m.request.origin}${m.request.path}`);
});
dc.subscribe('undici:request:headers', (m: any) =>
  log(
    `fetch headers ${m.request.origin} ${m.response.statusCode} (${(now() - (reqs.get(m.request) ?? 0)).toFixed(1)} ms)`,
  ),
);
dc.subscribe('undici:client:connected', (m: any) =>
  log(`undici connected ${m.connectParams.host}:${m.connectParams.port}`),
);
dc.subscribe('http.server.request.start', (m: any) =>
  log(`server req ${m.server.address().port} ${m.request.url}`),
);
dc.subscribe('http.server.response.finish', (m: any) =>
  log(`server res ${m.server.address().port}`),
);
dc.subscribe('net.client.socket', () => log('net connect'));

const started = new Map<number, number>();
const emit = MongoClient.prototype.emit;
MongoClient.prototype.emit = function (this: MongoClient, name: string | symbol, ...args: any[]) {
  const e = args[0];
  if (name === 'commandStarted') {
    started.set(e.requestId, now());
    log(`mongo start ${e.commandName} conn ${e.connectionId}`);
  }
  if (name === 'commandSucceeded' || name === 'commandFailed')
    log(`mongo end ${e.commandName} ${(now() - (started.get(e.requestId) ?? 0)).toFixed(1)} ms`);
  if (name === 'serverHeartbeatFailed' || name === 'connectionPoolCleared')
    log(`mongo ${String(name)} ${e.failure?.message ?? ''}`);
  if (
    name === 'connectionCreated' ||
    name === 'connectionClosed' ||
    name === 'connectionCheckOutStarted'
  )
    log(`mongo ${String(name)} ${e.connectionId ?? ''} ${e.reason ?? ''}`);
  return (emit as (...a: unknown[]) => boolean).call(this, name, ...args);
} as typeof emit;
const send = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, cmd: any, ...rest: any[]) {
  const t = now();
  cmd.promise?.then?.(
    () => log(`redis ${cmd.name} ${(now() - t).toFixed(1)} ms`),
    () => undefined,
  );
  return (send as any).call(this, cmd, ...rest);
} as typeof send;

async function main(): Promise<void> {
  // MONITOR=stream: the driver's default streaming monitor instead of the poll mode packages/embedded sets.
  const mongo = await startEmbeddedMongo();
  const mongoUrl = process.env.MONITOR
    ? mongo.url.replace('serverMonitoringMode=poll', `serverMonitoringMode=${process.env.MONITOR}`)
    : mongo.url;
  const stack = await startStack({
    mongoUrl,
    gatewayEnv: { TOKEN_RATE_LIMIT: '0', ...JSON.parse(process.env.GW_ENV ?? '{}') },
    adminEnv: { MONGO_MONITOR_COMMANDS: 'true' },
  });
  out(
    `mongo ${mongoUrl}\nadmin ${stack.adminUrl} accounts ${stack.accountsUrl} gateway ${stack.gatewayUrl}`,
  );
  try {
    await new AccountsRepository(stack.redis, '').create({
      userName: 'admin',
      active: true,
      emails: [{ value: 'admin@lablup.com', primary: true }],
    });
    for (let i = 0; i < 50; i += 1) await stack.request(QUERY);
    const ms: number[] = [];
    const start = now();
    for (let i = 0; i < N; i += 1) {
      events = [];
      t0 = now();
      const res = await stack.request(QUERY);
      const d = now() - t0;
      ms.push(d);
      if (res.status !== 200 || res.body.errors) throw new Error(JSON.stringify(res.body));
      if (d > SLOW)
        out(
          `\nslow #${i} at ${(t0 - start).toFixed(0)} ms: ${d.toFixed(1)} ms\n  ${events.join('\n  ')}`,
        );
    }
    ms.sort((a, b) => a - b);
    out(
      `\nN ${N}: p50 ${ms[N >> 1]!.toFixed(2)} p95 ${ms[Math.floor(N * 0.95)]!.toFixed(2)} max ${ms[N - 1]!.toFixed(1)} over200 ${ms.filter((x) => x > 200).length}`,
    );
  } finally {
    await stack.stop();
    await mongo.stop();
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
