/**
 * npm run seed [-- --users N]: the bootstrap superadmin plus a realistic dataset.
 *
 * Reads MONGO_URL and MONGO_DB like the subgraph, ADMIN_SECRET_ENCRYPTION_KEY (keypair secrets
 * are sealed with it), SEED_USERS (default 200) and the bootstrap identity SEED_ADMIN_EMAIL,
 * SEED_ADMIN_ACCESS_KEY, SEED_ADMIN_SECRET_KEY, SEED_ADMIN_PASSWORD. Backend.AI's well-known dev
 * keypair is the default outside production only. Idempotent: a second run adds nothing.
 */
import { EnvReader } from '@fedmgmt/service-kit';
import { DEV_SUPERADMIN, ensureBootstrapSuperadmin } from '../src/data/bootstrap';
import { connectMongo } from '../src/data/mongo';
import { createRepositories, ensureIndexes } from '../src/server';
import { seedDataset } from './lib/dataset';
import { progressBar } from './lib/progress';

function readOptions(env: NodeJS.ProcessEnv, argv: string[]) {
  const e = new EnvReader(env);
  const production = env.NODE_ENV === 'production';
  const flag = argv.indexOf('--users');
  const users = flag >= 0 ? argv[flag + 1] : undefined;
  const opts = {
    mongoUrl: e.url('MONGO_URL', ['mongodb:', 'mongodb+srv:']),
    mongoDb: e.string('MONGO_DB', 'fedmgmt_admin'),
    key: Buffer.from(e.string('ADMIN_SECRET_ENCRYPTION_KEY'), 'base64'),
    users: e.int('SEED_USERS', 200, 0, 1_000_000),
    admin: {
      email: e.string('SEED_ADMIN_EMAIL', 'admin@lablup.com'),
      accessKey: production
        ? e.string('SEED_ADMIN_ACCESS_KEY')
        : e.string('SEED_ADMIN_ACCESS_KEY', DEV_SUPERADMIN.accessKey),
      secretKey: production
        ? e.secret('SEED_ADMIN_SECRET_KEY', 40)
        : e.string('SEED_ADMIN_SECRET_KEY', DEV_SUPERADMIN.secretKey),
      ...(e.optional('SEED_ADMIN_PASSWORD')
        ? { password: e.optional('SEED_ADMIN_PASSWORD') as string }
        : {}),
    },
    timeouts: {
      serverSelectionTimeoutMS: 5000,
      connectTimeoutMS: 5000,
      socketTimeoutMS: 120_000,
      maxTimeMS: 60_000,
      maxPoolSize: 4,
    },
  };
  if (users !== undefined && !/^\d+$/.test(users)) e.fail(`--users needs a number, got "${users}"`);
  if (opts.key.length !== 32)
    e.fail('ADMIN_SECRET_ENCRYPTION_KEY must be base64 of exactly 32 bytes');
  e.finish();
  return { ...opts, users: users !== undefined ? Number(users) : opts.users };
}

async function main(): Promise<void> {
  const opts = readOptions(process.env, process.argv.slice(2));
  const store = await connectMongo({
    mongoUrl: opts.mongoUrl,
    mongoDb: opts.mongoDb,
    mongo: opts.timeouts,
  });
  try {
    const repos = createRepositories(store, { secretEncryptionKey: opts.key });
    await ensureIndexes(repos);
    const boot = await ensureBootstrapSuperadmin(repos, opts.admin);
    const say = (line: string) => process.stdout.write(`${line}\n`);
    say(`seed: database ${opts.mongoDb}`);
    say(
      `seed: bootstrap superadmin ${opts.admin.email} (${opts.admin.accessKey}): ${boot.created.length ? `created ${boot.created.join(', ')}` : 'already present'}`,
    );
    const bar = opts.users >= 1000 ? progressBar('users', process.stderr) : undefined;
    const summary = await seedDataset(repos, {
      users: opts.users,
      ...(bar ? { onProgress: bar } : {}),
    });
    if (summary.skipped) say('seed: dataset already present, nothing added');
    else
      say(
        `seed: inserted ${Object.entries(summary.counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
      );
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
