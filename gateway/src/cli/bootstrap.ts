import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { CliEnv } from './config';

export const BOOTSTRAP_HELP = `fedmgmt bootstrap [options]
  Creates the first superadmin and its keypair on an empty store (idempotent: nothing that
  exists is changed). Needs MONGO_URL, MONGO_DB and ADMIN_SECRET_ENCRYPTION_KEY, as the admin subgraph.
  --email EMAIL         default admin@lablup.com
  --dev                 use Backend.AI's documented dev keypair (AKIAIOSFODNN7EXAMPLE); never in production
  --access-key AK / --secret-key SK   a keypair of your choice; otherwise a random one is generated and printed once`;

// Same as DEV_SUPERADMIN in the admin subgraph; kept here so the gateway package imports no admin code statically.
const DEV_KEYPAIR = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Backend.AI-shaped keys: AKIA + 16 upper-case alphanumerics, and a 40-character secret. */
export function generateKeypair(): { accessKey: string; secretKey: string } {
  const pick = (n: number) => Array.from(randomBytes(n), (b) => ALNUM[b % ALNUM.length]).join('');
  return {
    accessKey: `AKIA${pick(16)}`,
    secretKey: randomBytes(30).toString('base64').replace(/\+/g, 'x').replace(/\//g, 'y'),
  };
}

function chooseKeypair(values: { dev?: boolean; 'access-key'?: string; 'secret-key'?: string }): {
  accessKey: string;
  secretKey: string;
  generated: boolean;
} {
  if (values.dev) return { ...DEV_KEYPAIR, generated: false };
  if (values['access-key'] && values['secret-key'])
    return { accessKey: values['access-key'], secretKey: values['secret-key'], generated: false };
  if (values['access-key'] || values['secret-key'])
    throw new Error('give both --access-key and --secret-key, or neither');
  return { ...generateKeypair(), generated: true };
}

export async function runBootstrap(
  argv: string[],
  env: CliEnv,
  out: (s: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      dev: { type: 'boolean' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
    },
  });
  if (!env.mongoUrl || !env.encryptionKey)
    throw new Error(`MONGO_URL and ADMIN_SECRET_ENCRYPTION_KEY are required\n${BOOTSTRAP_HELP}`);
  const key = Buffer.from(env.encryptionKey, 'base64');
  if (key.length !== 32)
    throw new Error('ADMIN_SECRET_ENCRYPTION_KEY must be base64 of exactly 32 bytes');
  const keypair = chooseKeypair(values);
  // Loaded here only: the gateway itself never links the admin subgraph's data layer.
  const { connectMongo, createRepositories, ensureIndexes, ensureBootstrapSuperadmin } =
    await import('@fedmgmt/admin');
  const mongo = {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    socketTimeoutMS: 20_000,
    maxTimeMS: 10_000,
    maxPoolSize: 2,
  };
  const store = await connectMongo({ mongoUrl: env.mongoUrl, mongoDb: env.mongoDb, mongo });
  try {
    const repos = createRepositories(store, { secretEncryptionKey: key });
    await ensureIndexes(repos);
    const email = values.email ?? 'admin@lablup.com';
    // A generated keypair is for a store without this user; a rerun must not add another keypair.
    if (keypair.generated && (await repos.users.byEmail(email))) {
      out('nothing to do: the superadmin and its keypair exist');
      return 0;
    }
    const result = await ensureBootstrapSuperadmin(repos, {
      email,
      accessKey: keypair.accessKey,
      secretKey: keypair.secretKey,
    });
    out(
      result.created.length > 0
        ? `created: ${result.created.join(', ')}`
        : 'nothing to do: the superadmin and its keypair exist',
    );
    if (keypair.generated && result.created.some((c) => c.startsWith('keypair'))) {
      out(
        `BACKEND_ACCESS_KEY=${keypair.accessKey}\nBACKEND_SECRET_KEY=${keypair.secretKey}\n(the secret key is shown only now)`,
      );
    }
  } finally {
    await store.close();
  }
  return 0;
}
