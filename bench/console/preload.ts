/**
 * Preloaded (`node --require`) into each service process of the deployed layout, before its
 * main.js: installs the same counters the in-process layout uses (Redis round trips per client
 * name; with BENCH_COUNT_MONGO=1, the MongoDB driver's commands) and answers the runner's
 * `bench:read` message on the IPC channel with them and this process's CPU time.
 */
import { countRedisRoundTrips } from '@fedmgmt/testkit';
import { countMongoCommands, type MongoCounter } from './counters';

export interface CountsRequest {
  type: 'bench:read';
  id: number;
  /** The connection names whose round trips to report. */
  names: string[];
}

export interface CountsReply {
  type: 'bench:counts';
  id: number;
  mongo: number;
  roundTrips: Record<string, number>;
  /** process.cpuUsage(): user + system, in ms. */
  cpuMs: number;
}

const trips = countRedisRoundTrips();
const mongo: MongoCounter | undefined =
  process.env.BENCH_COUNT_MONGO === '1' ? countMongoCommands() : undefined;

process.on('message', (msg: CountsRequest) => {
  if (msg?.type !== 'bench:read' || !process.send) return;
  const cpu = process.cpuUsage();
  const reply: CountsReply = {
    type: 'bench:counts',
    id: msg.id,
    mongo: mongo?.count() ?? 0,
    roundTrips: Object.fromEntries(msg.names.map((n) => [n, trips.count(n)])),
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.send(reply);
});
// The channel must not keep a service alive that would otherwise exit; and a service whose runner
// is gone (the channel closed) exits rather than stay behind.
process.channel?.unref();
process.on('disconnect', () => process.exit(0));
