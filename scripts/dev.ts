/**
 * `npm start`: the whole product on one machine, with no configuration.
 *  - MongoDB: MONGO_URL, else the embedded MongoDB-compatible server (replica-set profile).
 *  - Redis:   REDIS_URL, else 127.0.0.1:6379, else a private redis-server on a free port.
 *  - admin (4001), accounts (4002) and the gateway (4000), each its own process.
 * Ctrl-C stops exactly what this script started.
 */
import { join, resolve } from 'node:path';
import { describeDevData, type Embedded, resolveRedis, startEmbeddedMongo } from '@fedmgmt/embedded';
import { adminCollectionNames } from '../subgraphs/admin/src/data/repositories';
import { loadDevSecrets } from './lib/devSecrets';
import { type Child, startService, stopChild, waitHealthy } from './lib/procs';
import { ensureDevAccount } from './lib/devAccounts';
import { runDevSeed } from './lib/devSeed';

process.env.APOLLO_TELEMETRY_DISABLED = '1';

const ROOT = resolve(__dirname, '..');
const env = process.env;
const ports = {
  gateway: env.GATEWAY_PORT ?? '4000',
  admin: env.ADMIN_PORT ?? '4001',
  accounts: env.ACCOUNTS_PORT ?? '4002',
};
const owned: Embedded[] = [];
const children: Child[] = [];
let stopping = false;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping the dev stack…');
    await Promise.all(children.map((c) => stopChild(c)));
    for (const e of owned.reverse()) await e.stop();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const secrets = loadDevSecrets(join(ROOT, '.data', 'dev-secrets.json'));
  const collections = { [env.MONGO_DB ?? 'fedmgmt_admin']: adminCollectionNames() };
  const onSnapshotError = (err: Error) => say(`warning: admin data not snapshotted: ${err.message}`);
  const mongo = env.MONGO_URL ? { url: env.MONGO_URL, stop: async () => {} } : await startEmbeddedMongo({ dataDir: join(ROOT, '.data', 'mongo'), collections, onSnapshotError });
  owned.push(mongo);
  const redis = await resolveRedis(env.REDIS_URL, { dataDir: join(ROOT, '.data', 'redis') });
  owned.push(redis);
  for (const line of describeDevData(ROOT, mongo, redis)) say(line);
  say(`MongoDB  ${env.MONGO_URL ? 'MONGO_URL' : `embedded (pid ${mongo.pid})`}`);
  say(`Redis    ${env.REDIS_URL ? 'REDIS_URL' : redis.pid ? `private redis-server (pid ${redis.pid})` : '127.0.0.1:6379'}`);

  const common = { LOG_LEVEL: env.LOG_LEVEL ?? 'info' };
  const adminEnv = {
    ...common,
    ADMIN_PORT: ports.admin,
    MONGO_URL: mongo.url,
    REDIS_URL: redis.url,
    INTERNAL_AUTH_SECRET: secrets.internalAuthAdmin,
    ADMIN_SECRET_ENCRYPTION_KEY: env.ADMIN_SECRET_ENCRYPTION_KEY ?? secrets.adminSecretEncryptionKey,
  };
  await runDevSeed({ ...env, ...adminEnv }, say);
  const admin = startService('admin', join(ROOT, 'subgraphs/admin/src/main.ts'), adminEnv, 36);
  const accounts = startService('accounts', join(ROOT, 'subgraphs/accounts/src/main.ts'), {
    ...common,
    ACCOUNTS_PORT: ports.accounts,
    REDIS_URL: redis.url,
    INTERNAL_AUTH_SECRET: secrets.internalAuthAccounts,
    ACCOUNTS_CURSOR_KEY: env.ACCOUNTS_CURSOR_KEY ?? secrets.cursorKey,
  }, 35);
  children.push(admin, accounts);
  await Promise.all([
    waitHealthy(admin, `http://127.0.0.1:${ports.admin}/health`),
    waitHealthy(accounts, `http://127.0.0.1:${ports.accounts}/health`),
  ]);
  const gateway = startService('gateway', join(ROOT, 'gateway/src/main.ts'), {
    ...common,
    GATEWAY_PORT: ports.gateway,
    REDIS_URL: redis.url,
    SUBGRAPH_URL_ADMIN: `http://127.0.0.1:${ports.admin}/graphql`,
    SUBGRAPH_URL_ACCOUNTS: `http://127.0.0.1:${ports.accounts}/graphql`,
    INTERNAL_AUTH_SECRET_ADMIN: secrets.internalAuthAdmin,
    INTERNAL_AUTH_SECRET_ACCOUNTS: secrets.internalAuthAccounts,
    // Dev-only local token issuer (refused in production): `npm run fedmgmt -- token` mints with it.
    LOCAL_ISSUER: env.LOCAL_ISSUER ?? 'true',
    GATEWAY_DATA_DIR: env.GATEWAY_DATA_DIR ?? join(ROOT, '.data', 'gateway'),
  }, 33);
  children.push(gateway);
  await waitHealthy(gateway, `http://127.0.0.1:${ports.gateway}/health`);
  if (env.DEV_SEED !== '0') say(`dev account: ${await ensureDevAccount(`http://127.0.0.1:${ports.gateway}/graphql`, env)}`);
  for (const c of children) {
    c.proc.once('exit', (code) => {
      if (!stopping) {
        say(`${c.name} exited (code ${code}); stopping the rest`);
        void shutdown(1);
      }
    });
  }
  say('');
  say(`  gateway   http://localhost:${ports.gateway}/graphql   (health: /health, readiness: /ready)`);
  say(`  admin     http://127.0.0.1:${ports.admin}/graphql    (gateway-only)`);
  say(`  accounts  http://127.0.0.1:${ports.accounts}/graphql    (gateway-only)`);
  say('');
  say('Ctrl-C stops everything this command started.');
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
main().catch(async (err: unknown) => {
  process.stderr.write(`dev stack failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
});
