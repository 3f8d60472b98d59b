import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AdminConfig,
  loadConfig as adminConfig,
  ensureBootstrapSuperadmin,
  connectMongo,
  createRepositories,
  ensureIndexes,
  start as startAdmin,
} from '@fedmgmt/admin';
import { loadConfig as accountsConfig, start as startAccounts } from '@fedmgmt/accounts';
import { type Embedded, resolveRedis, startEmbeddedMongo } from '@fedmgmt/embedded';
import {
  type LocalTokenClaims,
  openLocalIssuer,
  loadConfig as gatewayConfig,
  start as startGateway,
} from '@fedmgmt/gateway';
import type { Logger, RunningService } from '@fedmgmt/service-kit';
import Redis from 'ioredis';
import pino from 'pino';
import { type AuthContext } from '@fedmgmt/service-kit';
import {
  authHeaders,
  BOOTSTRAP_SUPERADMIN,
  type Caller,
  type GraphQLBody,
  postToSubgraph,
} from './callers';
import { postGraphQL } from './http';

export interface Stack {
  gatewayUrl: string;
  adminUrl: string;
  /** Each service's separate metrics listener, when its METRICS_PORT is set. */
  metricsUrls: Partial<Record<'gateway' | 'admin' | 'accounts', string>>;
  accountsUrl: string;
  mongoUrl: string;
  mongoDb: string;
  redisUrl: string;
  keyPrefix: string;
  secrets: { admin: string; accounts: string };
  /** A client on the test's own key prefix, for seeding and assertions. */
  redis: Redis;
  /** POST to the gateway (default /graphql) as `caller` (default the bootstrap superadmin). */
  request(body: GraphQLBody, caller?: Caller, path?: string): ReturnType<typeof postGraphQL>;
  /** The second gateway's URL, when StackOptions.secondGatewayEnv started one. */
  secondGatewayUrl: string | undefined;
  /** `request`, sent to the second gateway (StackOptions.secondGatewayEnv); throws without one. */
  requestSecond(body: GraphQLBody, caller?: Caller, path?: string): ReturnType<typeof postGraphQL>;
  /** Redis key prefix of the gateway's own keys (replay cache, rate-limit windows). */
  gatewayRedisPrefix: string;
  /** Mints an access token from the stack's local issuer, which the gateway trusts (audience preset). */
  mintToken(claims: Omit<LocalTokenClaims, 'audience'> & { audience?: string }): Promise<string>;
  /** POST straight to a subgraph with a freshly minted context: role tests without the gateway. */
  subgraphRequest(
    name: 'admin' | 'accounts',
    body: GraphQLBody,
    ctx: Omit<AuthContext, 'requestId'>,
  ): ReturnType<typeof postGraphQL>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra gateway env (e.g. SUPERGRAPH_PATH, SUBGRAPH_TIMEOUT_MS). */
  gatewayEnv?: Record<string, string>;
  /** A second gateway on the same subgraphs and Redis, with this env on top (Stack.requestSecond). */
  secondGatewayEnv?: Record<string, string>;
  /** Replace a subgraph's URL at the gateway (e.g. with a hung server). */
  subgraphUrlOverride?: Partial<Record<'admin' | 'accounts', string>>;
  /** Shared across test files in one run; a fresh database/prefix per stack. */
  mongoUrl?: string;
  /** A Redis of the test's own (e.g. a private redis-server for fault injection). */
  redisUrl?: string;
  /** Extra env of the admin / accounts subgraph (e.g. METRICS_TOKEN). */
  adminEnv?: Record<string, string>;
  accountsEnv?: Record<string, string>;
  /** Per-service loggers (default silent), e.g. to capture log lines. */
  loggers?: Partial<Record<'gateway' | 'admin' | 'accounts', Logger>>;
}

export const silentLogger = pino({ level: 'silent' });

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts a real MongoDB-compatible server, uses real Redis, and runs all three services on port 0. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const owned: Embedded[] = [];
  const services: RunningService[] = [];
  const cleanup = async () => {
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    for (const e of owned.reverse()) await e.stop();
  };
  try {
    const mongo = opts.mongoUrl
      ? { url: opts.mongoUrl, stop: async () => {} }
      : await startEmbeddedMongo();
    owned.push(mongo);
    const redisHandle = opts.redisUrl
      ? { url: opts.redisUrl, stop: async () => {} }
      : await resolveRedis(process.env.REDIS_URL);
    owned.push(redisHandle);
    const run = randomUUID().slice(0, 8);
    const keyPrefix = `test:${run}:`;
    const mongoDb = `test_${run}`;
    const secrets = { admin: newSecret(), accounts: newSecret() };
    const base = { LOG_LEVEL: 'silent' };
    const adminCfg = adminConfig({
      ...base,
      ADMIN_PORT: '0',
      MONGO_URL: mongo.url,
      REDIS_URL: redisHandle.url,
      MONGO_DB: mongoDb,
      INTERNAL_AUTH_SECRET: secrets.admin,
      ADMIN_SECRET_ENCRYPTION_KEY: Buffer.from(secrets.admin).subarray(0, 32).toString('base64'),
      ...opts.adminEnv,
    });
    const admin = await startAdmin(adminCfg, opts.loggers?.admin ?? silentLogger);
    services.push(admin);
    await seedBootstrapSuperadmin(adminCfg);
    const dataDir = mkdtempSync(join(tmpdir(), 'fedmgmt-gw-'));
    owned.push({
      url: dataDir,
      stop: async () => rmSync(dataDir, { recursive: true, force: true }),
    });
    const issuer = await openLocalIssuer(dataDir);
    const gatewayRedisPrefix = `${keyPrefix}gw:`;
    const accounts = await startAccounts(
      accountsConfig({
        ...base,
        ACCOUNTS_PORT: '0',
        REDIS_URL: redisHandle.url,
        ACCOUNTS_KEY_PREFIX: keyPrefix,
        INTERNAL_AUTH_SECRET: secrets.accounts,
        ...opts.accountsEnv,
      }),
      opts.loggers?.accounts ?? silentLogger,
    );
    services.push(accounts);
    const gatewayWith = (env: Record<string, string> | undefined) =>
      startGateway(
        gatewayConfig({
          ...base,
          GATEWAY_PORT: '0',
          SUBGRAPH_URL_ADMIN: opts.subgraphUrlOverride?.admin ?? admin.url,
          SUBGRAPH_URL_ACCOUNTS: opts.subgraphUrlOverride?.accounts ?? accounts.url,
          INTERNAL_AUTH_SECRET_ADMIN: secrets.admin,
          INTERNAL_AUTH_SECRET_ACCOUNTS: secrets.accounts,
          REDIS_URL: redisHandle.url,
          GATEWAY_REDIS_PREFIX: gatewayRedisPrefix,
          LOCAL_ISSUER: 'true',
          GATEWAY_DATA_DIR: dataDir,
          // Tests check behaviour, not the production deadline: a loaded CI box must not turn a slow
          // answer into SUBGRAPH_UNAVAILABLE. Fault tests set the deadline they exercise.
          SUBGRAPH_TIMEOUT_MS: '5000',
          // Likewise its Redis commands (replay guard, rate limits): a 300 ms stall on a loaded box
          // answered a 100-way race with 'Authentication is temporarily unavailable'.
          REDIS_COMMAND_TIMEOUT_MS: '2000',
          ...opts.gatewayEnv,
          ...env,
        }),
        opts.loggers?.gateway ?? silentLogger,
      );
    const gateway = await gatewayWith(undefined);
    services.push(gateway);
    const second = opts.secondGatewayEnv ? await gatewayWith(opts.secondGatewayEnv) : undefined;
    if (second) services.push(second);
    const redis = new Redis(redisHandle.url, {
      keyPrefix,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', () => undefined); // fault tests take this Redis away on purpose
    await redis.connect();
    return {
      gatewayUrl: gateway.url,
      secondGatewayUrl: second?.url,
      adminUrl: admin.url,
      metricsUrls: {
        ...(gateway.metricsUrl ? { gateway: gateway.metricsUrl } : {}),
        ...(admin.metricsUrl ? { admin: admin.metricsUrl } : {}),
        ...(accounts.metricsUrl ? { accounts: accounts.metricsUrl } : {}),
      },
      accountsUrl: accounts.url,
      mongoUrl: mongo.url,
      mongoDb,
      redisUrl: redisHandle.url,
      keyPrefix,
      gatewayRedisPrefix,
      secrets,
      redis,
      mintToken: (claims) => issuer.mint({ audience: 'fedmgmt', ...claims }),
      request: requestTo(gateway.url),
      requestSecond: second
        ? requestTo(second.url)
        : () =>
            Promise.reject(new Error('startStack({ secondGatewayEnv }) starts the second gateway')),
      subgraphRequest: (name, body, ctx) =>
        postToSubgraph(name === 'admin' ? admin.url : accounts.url, name, secrets[name], body, ctx),
      stop: async () => {
        await deleteByPrefix(redis, keyPrefix);
        await redis.quit();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** POSTs to a gateway at `base` (default /graphql), signed or tokened as `caller`. */
function requestTo(base: string): Stack['request'] {
  return async (body, caller = 'superadmin', path = '/graphql') => {
    const url = new URL(path, base).toString();
    return postGraphQL(url, body, await authHeaders(caller, url, body));
  };
}

/** Seeds the bootstrap superadmin, as `fedmgmt bootstrap` does on an empty store. */
async function seedBootstrapSuperadmin(config: AdminConfig): Promise<void> {
  const store = await connectMongo(config);
  try {
    const repos = createRepositories(store, { secretEncryptionKey: config.secretEncryptionKey });
    await ensureIndexes(repos);
    await ensureBootstrapSuperadmin(repos, BOOTSTRAP_SUPERADMIN);
  } finally {
    await store.close();
  }
}

/** Test cleanup only: removes this run's keys (SCAN is fine here, never in the product). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  const raw = new Redis(redis.options.port ?? 6379, redis.options.host ?? '127.0.0.1', {
    db: redis.options.db ?? 0,
    lazyConnect: true,
  });
  await raw.connect();
  let cursor = '0';
  do {
    const [next, keys] = await raw.scan(
      cursor,
      'MATCH',
      `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
      'COUNT',
      500,
    );
    cursor = next;
    if (keys.length > 0) await raw.del(...keys);
  } while (cursor !== '0');
  await raw.quit();
}
