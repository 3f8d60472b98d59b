/**
 * Per-hop timestamps for sequential cross-subgraph requests (a script, not a test).
 *   npx tsx bench/stalls/hops.ts            # N=400
 * Same query and stack as bench:observability. For every request it records, relative to the
 * client's send: the gateway's subgraph fetches (undici diagnostics channels), each subgraph's
 * HTTP handling (node:http diagnostics channels), each MongoDB command (driver command
 * monitoring) and each Redis command (ioredis), then prints the hops of every request over SLOW_MS.
 */
import dc from 'node:diagnostics_channel';
import type { AddressInfo, Server } from 'node:net';
import { AccountsRepository } from '@fedmgmt/accounts';
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

/** The parts of the diagnostics-channel messages this script reads. */
interface UndiciMessage {
  request: { origin: string; path: string };
  response: { statusCode: number };
  connectParams: { host: string; port: number };
}
interface HttpMessage {
  server: Server;
  request: { url?: string };
}
interface MongoEvent {
  requestId?: number;
  commandName?: string;
  connectionId?: number | string;
  reason?: string;
  failure?: Error;
}
interface RedisCommand {
  name: string;
  promise?: Promise<unknown>;
}
const undici = (m: unknown) => m as UndiciMessage;
const httpMsg = (m: unknown) => m as HttpMessage;
const portOf = (m: unknown) => (httpMsg(m).server.address() as AddressInfo).port;
const reqs = new WeakMap<object, number>();
dc.subscribe('undici:request:create', (m) => {
  const { request } = undici(m);
  reqs.set(request, now());
  log(`fetch start ${request.origin}${request.path}`);
});
dc.subscribe('undici:request:headers', (m) => {
  const { request, response } = undici(m);
  log(
    `fetch headers ${request.origin} ${response.statusCode} (${(now() - (reqs.get(request) ?? 0)).toFixed(1)} ms)`,
  );
});
dc.subscribe('undici:client:connected', (m) => {
  const { connectParams } = undici(m);
  log(`undici connected ${connectParams.host}:${connectParams.port}`);
});
dc.subscribe('http.server.request.start', (m) =>
  log(`server req ${portOf(m)} ${httpMsg(m).request.url ?? ''}`),
);
dc.subscribe('http.server.response.finish', (m) => log(`server res ${portOf(m)}`));
dc.subscribe('net.client.socket', () => log('net connect'));

const started = new Map<number, number>();
const emit = MongoClient.prototype.emit;
MongoClient.prototype.emit = function (
  this: MongoClient,
  name: string | symbol,
  ...args: unknown[]
) {
  const e = (args[0] ?? {}) as MongoEvent;
  if (name === 'commandStarted') {
    started.set(e.requestId ?? -1, now());
    log(`mongo start ${e.commandName ?? ''} conn ${String(e.connectionId)}`);
  }
  if (name === 'commandSucceeded' || name === 'commandFailed')
    log(
      `mongo end ${e.commandName ?? ''} ${(now() - (started.get(e.requestId ?? -1) ?? 0)).toFixed(1)} ms`,
    );
  if (name === 'serverHeartbeatFailed' || name === 'connectionPoolCleared')
    log(`mongo ${String(name)} ${e.failure?.message ?? ''}`);
  if (
    name === 'connectionCreated' ||
    name === 'connectionClosed' ||
    name === 'connectionCheckOutStarted'
  )
    log(`mongo ${String(name)} ${String(e.connectionId ?? '')} ${e.reason ?? ''}`);
  return (emit as (...a: unknown[]) => boolean).call(this, name, ...args);
};
const send = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, cmd: RedisCommand, ...rest: unknown[]) {
  const t = now();
  cmd.promise?.then(
    () => log(`redis ${cmd.name} ${(now() - t).toFixed(1)} ms`),
    () => undefined,
  );
  return (send as (...a: unknown[]) => unknown).call(this, cmd, ...rest);
};

async function main(): Promise<void> {
  // MONITOR=stream: the driver's default streaming monitor instead of the poll mode packages/embedded sets.
  const mongo = await startEmbeddedMongo();
  const mongoUrl = process.env.MONITOR
    ? mongo.url.replace('serverMonitoringMode=poll', `serverMonitoringMode=${process.env.MONITOR}`)
    : mongo.url;
  const stack = await startStack({
    mongoUrl,
    gatewayEnv: {
      TOKEN_RATE_LIMIT: '0',
      ...(JSON.parse(process.env.GW_ENV ?? '{}') as Record<string, string>),
    },
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
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
