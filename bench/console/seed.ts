/**
 * Seeds the console bench: the bootstrap superadmin and the seed dataset (100+ users) straight
 * into the admin store (as `fedmgmt bootstrap` and `npm run seed` do), then one Curity account per
 * user, created through the gateway.
 */
import {
  connectMongo,
  createRepositories,
  ensureBootstrapSuperadmin,
  ensureIndexes,
} from '@fedmgmt/admin';
import { BOOTSTRAP_SUPERADMIN, type GraphQLBody } from '@fedmgmt/testkit';
import { seedDataset } from '../../subgraphs/admin/scripts/lib/dataset';
import { USER_PAGE_ADMIN, type UserItem } from './pages';

export interface SeedTarget {
  mongoUrl: string;
  mongoDb: string;
  /** The admin subgraph's ADMIN_SECRET_ENCRYPTION_KEY. */
  secretEncryptionKey: Buffer;
  /** POST to the gateway as the bootstrap superadmin. */
  request(body: GraphQLBody): Promise<{ body: { data?: unknown; errors?: unknown } }>;
}

export async function seedStore(target: SeedTarget): Promise<void> {
  const store = await connectMongo({
    mongoUrl: target.mongoUrl,
    mongoDb: target.mongoDb,
    mongo: {
      serverSelectionTimeoutMS: 5000,
      connectTimeoutMS: 5000,
      socketTimeoutMS: 120_000,
      maxTimeMS: 60_000,
      maxPoolSize: 4,
    },
  });
  try {
    const repos = createRepositories(store, { secretEncryptionKey: target.secretEncryptionKey });
    await ensureIndexes(repos);
    await ensureBootstrapSuperadmin(repos, BOOTSTRAP_SUPERADMIN);
    await seedDataset(repos, { users: 100 });
  } finally {
    await store.close();
  }
}

export async function seedAccounts(target: SeedTarget): Promise<void> {
  const page = await target.request({
    query: USER_PAGE_ADMIN.replace('__typename ', ''),
    variables: { limit: 100 },
  });
  if (page.body.errors) throw new Error(`user_list: ${JSON.stringify(page.body.errors)}`);
  const emails = (page.body.data as { user_list: { items: UserItem[] } }).user_list.items.map(
    (u) => u.email,
  );
  const create =
    'mutation($f: AccountCreateFields!) { createAccount(input: { fields: $f }) { account { id } } }';
  for (let i = 0; i < emails.length; i += 10) {
    await Promise.all(
      emails.slice(i, i + 10).map(async (email) => {
        const r = await target.request({
          query: create,
          variables: {
            f: {
              userName: email.split('@')[0]!.replace(/[^a-zA-Z0-9._-]/g, ''),
              emails: [{ value: email, primary: true }],
            },
          },
        });
        if (r.body.errors)
          throw new Error(`createAccount ${email}: ${JSON.stringify(r.body.errors)}`);
      }),
    );
  }
}
