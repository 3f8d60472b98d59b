/**
 * The in-process layout: the whole stack in this process (testkit's startStack: admin on the
 * MongoDB-compatible server, accounts and the gateway on a private redis-server), so the load
 * driver, the gateway and both subgraphs share one event loop and, in effect, one core.
 */
import { startEmbeddedMongo } from '@fedmgmt/embedded';
import { countRedisRoundTrips, type GraphQLBody, type Stack, startStack } from '@fedmgmt/testkit';
import { treeCpuMs } from '../gateways/procs';
import { countMongoCommands } from './counters';
import { seedAccounts, seedStore } from './seed';
import {
  type Layout,
  namedRedisUrls,
  ownCpuMs,
  privateRedis,
  SERVICES,
  type Service,
} from './wire';

export const BENCH_PROCESS = 'bench process';

export async function startInProcess(): Promise<Layout> {
  const mongo = await startEmbeddedMongo();
  const redis = await privateRedis();
  // Installed before the stack starts, so that every client it opens is counted.
  const mongoCommands = countMongoCommands();
  const trips = countRedisRoundTrips();
  const urls = namedRedisUrls(redis.url);
  // Apollo Server's production behaviour (the stack's own config keeps its dev-only local token issuer).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const stopStores = async () => {
    trips.uninstall();
    process.env.NODE_ENV = nodeEnv;
    await redis.stop();
    await mongo.stop();
  };
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  try {
    stack = await startStack({
      mongoUrl: mongo.url,
      redisUrl: redis.url,
      adminEnv: { REDIS_URL: urls.admin },
      accountsEnv: { REDIS_URL: urls.accounts },
      gatewayEnv: {
        REDIS_URL: urls.gateway,
        GATEWAY_INBOUND_DEDUP: 'false',
        GATEWAY_SUBGRAPH_DEDUP: 'false',
      },
    });
    const s = stack;
    const target = {
      mongoUrl: s.mongoUrl,
      mongoDb: s.mongoDb,
      secretEncryptionKey: Buffer.from(s.secrets.admin).subarray(0, 32),
      request: (body: GraphQLBody) => s.request(body),
    };
    await seedStore(target);
    await seedAccounts(target);
    return {
      label:
        'in-process (testkit startStack: driver, gateway and both subgraphs in one node process)',
      gatewayUrl: new URL('/graphql', s.gatewayUrl).toString(),
      adminUrl: s.adminUrl,
      accountsUrl: s.accountsUrl,
      secrets: s.secrets,
      cpuHeadline: [BENCH_PROCESS],
      read: async () => ({
        mongo: mongoCommands.count(),
        redisCommands: await redis.count(),
        roundTrips: Object.fromEntries(
          SERVICES.map((s) => [s, trips.count(`bench-${s}`)]),
        ) as Record<Service, number>,
        cpuMs: {
          [BENCH_PROCESS]: ownCpuMs(),
          redis: treeCpuMs(redis.pid),
          mongo: mongo.pid ? treeCpuMs(mongo.pid) : 0,
        },
      }),
      // Once, however many callers (a signal handler and the bench's own finally) ask for it.
      stop: () =>
        (stopping ??= (async () => {
          await s.stop();
          await stopStores();
        })()),
    };
  } catch (err) {
    await stack?.stop();
    await stopStores();
    throw err;
  }
}
