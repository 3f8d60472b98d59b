/**
 * `npm start`: the whole product on one machine, with no configuration.
 *  - MongoDB: MONGO_URL, else the embedded MongoDB-compatible server (replica-set profile).
 *  - Redis:   REDIS_URL, else 127.0.0.1:6379, else a private redis-server on a free port.
 *  - admin (4001), accounts (4002) and the gateway (4000), each its own process group.
 * Supervised (scripts/lib/supervisor.ts): a service or store that dies is restarted with
 * backoff while the rest keep serving. Ctrl-C stops exactly what this script started.
 * DEV_DATA_DIR (default .data/) holds its data, secrets and dev-stack.json (endpoints and PIDs);
 * DEV_PRIVATE_REDIS=1 uses a private redis-server even when 6379 answers (`npm run check:devstack`).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  describeDevData,
  type EmbeddedMongoOptions,
  resolveRedis,
  startPrivateRedis,
} from '@fedmgmt/embedded';
import { adminCollectionNames } from '@fedmgmt/admin';
import { ensureDevAccount } from './lib/devAccounts';
import { loadDevSecrets } from './lib/devSecrets';
import { runDevSeed } from './lib/devSeed';
import {
  embeddedMongoSpec,
  privateRedisSpec,
  serviceSpec,
  type StoreUrls,
} from './lib/devServices';
import { Supervisor } from './lib/supervisor';

process.env.APOLLO_TELEMETRY_DISABLED = '1';

const ROOT = resolve(__dirname, '..');
const env = process.env;
const ports = {
  gateway: env.GATEWAY_PORT ?? '4000',
  admin: env.ADMIN_PORT ?? '4001',
  accounts: env.ACCOUNTS_PORT ?? '4002',
};
const local = (port: string, path: string) => `http://127.0.0.1:${port}${path}`;
const DATA = env.DEV_DATA_DIR ? resolve(env.DEV_DATA_DIR) : join(ROOT, '.data');
/** Where the running stack's endpoints and PIDs are recorded for dev tools (the outbox CLI reads redisUrl). */
const STACK_FILE = join(DATA, 'dev-stack.json');
let stackInfo: Record<string, unknown> | undefined;
let stopping: Promise<void> | undefined;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Rewritten whenever the supervisor reports, so the PIDs in it follow restarts. */
function writeStackFile(): void {
  if (!stackInfo || stopping) return;
  const names = ['mongodb', 'redis', 'admin', 'accounts', 'gateway'];
  const pids: Record<string, number> = Object.fromEntries(
    names.flatMap((n): [string, number][] => {
      const pid = supervisor.pid(n);
      return pid === undefined ? [] : [[n, pid]];
    }),
  );
  writeFileSync(STACK_FILE, JSON.stringify({ ...stackInfo, pids }, null, 2), { mode: 0o600 });
}

const supervisor = new Supervisor({
  log: (line) => {
    say(`[supervisor] ${line}`);
    // After the supervisor has recorded the instance it is reporting on (it logs first).
    queueMicrotask(writeStackFile);
  },
  onGiveUp: (name) => {
    process.stderr.write(
      `dev stack cannot continue: ${name} keeps failing to start (see above); stopping everything.\n`,
    );
    void shutdown(1);
  },
});

/** Idempotent: a second Ctrl-C waits for the same stop instead of exiting before the children are gone. */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  say('stopping the dev stack…');
  rmSync(STACK_FILE, { force: true });
  stopping = supervisor.stop();
  await stopping;
  process.exit(code);
}

async function main(): Promise<void> {
  const secrets = loadDevSecrets(join(DATA, 'dev-secrets.json'));
  const urls: StoreUrls = { mongo: env.MONGO_URL ?? '', redis: '' };
  const common = { LOG_LEVEL: env.LOG_LEVEL ?? 'info' };
  const adminEnv = () => ({
    ...common,
    ADMIN_PORT: ports.admin,
    MONGO_URL: urls.mongo,
    REDIS_URL: urls.redis,
    INTERNAL_AUTH_SECRET: secrets.internalAuthAdmin,
    ADMIN_SECRET_ENCRYPTION_KEY:
      env.ADMIN_SECRET_ENCRYPTION_KEY ?? secrets.adminSecretEncryptionKey,
  });
  const mongoOptions: EmbeddedMongoOptions = {
    dataDir: join(DATA, 'mongo'),
    collections: { [env.MONGO_DB ?? 'fedmgmt_admin']: adminCollectionNames() },
    onSnapshotError: (err) => say(`warning: admin data not snapshotted: ${err.message}`),
  };
  const redisOptions = { dataDir: join(DATA, 'redis') };
  const privateRedis = !env.REDIS_URL && env.DEV_PRIVATE_REDIS === '1';
  const redis = privateRedis
    ? await startPrivateRedis(redisOptions)
    : await resolveRedis(env.REDIS_URL, redisOptions);
  urls.redis = redis.url;
  stackInfo = { pid: process.pid, redisUrl: redis.url };
  writeStackFile();
  if (redis.pid)
    await supervisor.add(
      privateRedisSpec(redis, urls, ['admin', 'accounts', 'gateway'], redisOptions, privateRedis),
    );
  const seed = () => runDevSeed({ ...env, ...adminEnv() }, say);
  if (env.MONGO_URL) await seed();
  else await supervisor.add(embeddedMongoSpec(urls, seed, ['admin'], mongoOptions));
  for (const line of describeDevData(ROOT, env.MONGO_URL ? {} : mongoOptions, redis)) say(line);
  say(`MongoDB  ${env.MONGO_URL ? 'MONGO_URL' : `embedded (pid ${supervisor.pid('mongodb')})`}`);
  say(
    `Redis    ${env.REDIS_URL ? 'REDIS_URL' : redis.pid ? `private redis-server (pid ${redis.pid})` : '127.0.0.1:6379'}`,
  );

  await Promise.all([
    supervisor.add(
      serviceSpec(
        'admin',
        join(ROOT, 'subgraphs/admin/src/main.ts'),
        adminEnv,
        local(ports.admin, '/health'),
        36,
      ),
    ),
    supervisor.add(
      serviceSpec(
        'accounts',
        join(ROOT, 'subgraphs/accounts/src/main.ts'),
        () => ({
          ...common,
          ACCOUNTS_PORT: ports.accounts,
          REDIS_URL: urls.redis,
          INTERNAL_AUTH_SECRET: secrets.internalAuthAccounts,
          ACCOUNTS_CURSOR_SECRET: env.ACCOUNTS_CURSOR_SECRET ?? secrets.cursorKey,
        }),
        local(ports.accounts, '/health'),
        35,
      ),
    ),
  ]);
  await supervisor.add(
    serviceSpec(
      'gateway',
      join(ROOT, 'gateway/src/main.ts'),
      () => ({
        ...common,
        GATEWAY_PORT: ports.gateway,
        REDIS_URL: urls.redis,
        SUBGRAPH_URL_ADMIN: local(ports.admin, '/graphql'),
        SUBGRAPH_URL_ACCOUNTS: local(ports.accounts, '/graphql'),
        INTERNAL_AUTH_SECRET_ADMIN: secrets.internalAuthAdmin,
        INTERNAL_AUTH_SECRET_ACCOUNTS: secrets.internalAuthAccounts,
        // Dev-only local token issuer (refused in production): `npm run fedmgmt -- token` mints with it.
        LOCAL_ISSUER: env.LOCAL_ISSUER ?? 'true',
        // The dev stack's admin subgraph runs transactions one at a time (subgraphs/admin README,
        // "Writes and the embedded server"): a burst of 100 creates takes longer than the 5 s
        // production default, which would answer most of them OUTCOME_UNKNOWN although all apply.
        SUBGRAPH_MUTATION_TIMEOUT_MS: env.SUBGRAPH_MUTATION_TIMEOUT_MS ?? '30000',
        GATEWAY_DATA_DIR: env.GATEWAY_DATA_DIR ?? join(DATA, 'gateway'),
      }),
      local(ports.gateway, '/health'),
      33,
    ),
  );
  writeStackFile();
  if (env.DEV_SEED !== '0')
    say(`dev account: ${await ensureDevAccount(local(ports.gateway, '/graphql'), env)}`);
  say('');
  say(
    `  gateway   http://localhost:${ports.gateway}/graphql   (health: /health, readiness: /ready)`,
  );
  say(`  admin     ${local(ports.admin, '/graphql')}    (gateway-only)`);
  say(`  accounts  ${local(ports.accounts, '/graphql')}    (gateway-only)`);
  say('');
  say('A service that crashes is restarted; Ctrl-C stops everything this command started.');
}

// `on`, not `once`: Ctrl-C reaches this process twice (the terminal's group and tsx's relay),
// and a second default SIGINT would kill it before it has stopped its children.
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (err: unknown) => {
  process.stderr.write(`dev stack failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
});
