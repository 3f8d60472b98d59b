/**
 * The deployed layout, as users run the product (docker-compose; each service's main.ts): admin,
 * accounts and the gateway each in its own node process, compiled once to plain JavaScript
 * (build.ts), NODE_ENV=production. The gateway reads the supergraph it ships with from its file,
 * reaches the subgraphs on their own ports with SUBGRAPH_URL_<NAME> (as docker-compose.yml does),
 * shares each subgraph's internal-context secret, authenticates keypairs (looked up from admin) and
 * keeps its state in Redis; it runs with the NODE_OPTIONS of its Dockerfile. Admin is on the embedded
 * MongoDB-compatible server, accounts and the gateway on a private redis-server. The load driver
 * stays in this process.
 */
import { randomBytes } from 'node:crypto';
import { freePort, startEmbeddedMongo } from '@fedmgmt/embedded';
import { authHeaders, type GraphQLBody, postGraphQL } from '@fedmgmt/testkit';
import { treeCpuMs } from '../gateways/procs';
import { buildDeployed, SUPERGRAPH_FILE } from './build';
import { seedAccounts, seedStore } from './seed';
import { type Service, startService, waitReady } from './services';
import {
  type Layout,
  namedRedisUrls,
  ownCpuMs,
  privateRedis,
  SERVICES,
  type Service as Name,
} from './wire';

/** As gateway/Dockerfile sets it. */
const GATEWAY_NODE_OPTIONS = '--max-semi-space-size=64';
const secret = () => randomBytes(32).toString('base64url');

export async function startDeployed(): Promise<Layout> {
  const built = await buildDeployed();
  const owned: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  // Once, however many callers (a signal handler and the bench's own finally) ask for it.
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of owned.reverse()) await s().catch(() => undefined);
    })());
  try {
    const mongo = await startEmbeddedMongo();
    owned.push(() => mongo.stop());
    const redis = await privateRedis();
    owned.push(() => redis.stop());
    const redisUrls = namedRedisUrls(redis.url);
    const secrets = { admin: secret(), accounts: secret() };
    const encryptionKey = randomBytes(32);
    const ports = {
      admin: await freePort(),
      accounts: await freePort(),
      gateway: await freePort(),
    };
    const origin = (s: Name) => `http://127.0.0.1:${ports[s]}`;
    const target = {
      mongoUrl: mongo.url,
      mongoDb: 'fedmgmt_admin',
      secretEncryptionKey: encryptionKey,
      request: async (body: GraphQLBody) => {
        const url = `${origin('gateway')}/graphql`;
        return postGraphQL(url, body, await authHeaders('superadmin', url, body));
      },
    };
    await seedStore(target);

    const nodeArgs = ['--require', built.preload, '--enable-source-maps'];
    const base = { NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1' };
    const services = {} as Record<Name, Service>;
    const run = (name: Name, env: Record<string, string>) => {
      services[name] = startService(name, nodeArgs, built.main[name], { ...base, ...env });
      owned.push(() => services[name].proc.stop());
      return waitReady(services[name], origin(name));
    };
    await run('admin', {
      ADMIN_PORT: String(ports.admin),
      MONGO_URL: mongo.url,
      MONGO_DB: target.mongoDb,
      REDIS_URL: redisUrls.admin,
      INTERNAL_AUTH_SECRET: secrets.admin,
      ADMIN_SECRET_ENCRYPTION_KEY: encryptionKey.toString('base64'),
      BENCH_COUNT_MONGO: '1',
    });
    await run('accounts', {
      ACCOUNTS_PORT: String(ports.accounts),
      REDIS_URL: redisUrls.accounts,
      INTERNAL_AUTH_SECRET: secrets.accounts,
      ACCOUNTS_CURSOR_SECRET: secret(),
    });
    await run('gateway', {
      NODE_OPTIONS: GATEWAY_NODE_OPTIONS,
      GATEWAY_PORT: String(ports.gateway),
      SUPERGRAPH_PATH: SUPERGRAPH_FILE,
      SUBGRAPH_URL_ADMIN: `${origin('admin')}/graphql`,
      SUBGRAPH_URL_ACCOUNTS: `${origin('accounts')}/graphql`,
      INTERNAL_AUTH_SECRET_ADMIN: secrets.admin,
      INTERNAL_AUTH_SECRET_ACCOUNTS: secrets.accounts,
      REDIS_URL: redisUrls.gateway,
      // As in the in-process layout: every page does its own work.
      GATEWAY_INBOUND_DEDUP: 'false',
      GATEWAY_SUBGRAPH_DEDUP: 'false',
    });
    await seedAccounts(target);

    const names = SERVICES.map((s) => `bench-${s}`);
    return {
      label: `deployed (one node process per service from its compiled main.ts, NODE_ENV=production; gateway NODE_OPTIONS=${GATEWAY_NODE_OPTIONS}; driver in the bench process)`,
      gatewayUrl: `${origin('gateway')}/graphql`,
      adminUrl: `${origin('admin')}/graphql`,
      accountsUrl: `${origin('accounts')}/graphql`,
      secrets,
      cpuHeadline: ['gateway', 'admin', 'accounts', 'redis', 'mongo'],
      read: async () => {
        const counts = await Promise.all(SERVICES.map((s) => services[s].read(names)));
        const of = (s: Name) => counts[SERVICES.indexOf(s)]!;
        return {
          mongo: of('admin').mongo,
          redisCommands: await redis.count(),
          // Each service's clients, counted in its own process.
          roundTrips: Object.fromEntries(
            SERVICES.map((s) => [s, of(s).roundTrips[`bench-${s}`] ?? 0]),
          ) as Record<Name, number>,
          cpuMs: {
            driver: ownCpuMs(),
            ...Object.fromEntries(SERVICES.map((s) => [s, of(s).cpuMs])),
            redis: treeCpuMs(redis.pid),
            mongo: mongo.pid ? treeCpuMs(mongo.pid) : 0,
          },
        };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
