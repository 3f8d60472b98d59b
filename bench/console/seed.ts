/** Seeds the console bench: the seed dataset (100+ users) and one Curity account per user, through the gateway. */
import { connectMongo, createRepositories } from '@fedmgmt/admin';
import type { Stack } from '@fedmgmt/testkit';
import { seedDataset } from '../../subgraphs/admin/scripts/lib/dataset';
import { USER_PAGE_ADMIN, type UserItem } from './pages';

export async function seed(stack: Stack): Promise<void> {
  const store = await connectMongo({
    mongoUrl: stack.mongoUrl,
    mongoDb: stack.mongoDb,
    mongo: {
      serverSelectionTimeoutMS: 5000,
      connectTimeoutMS: 5000,
      socketTimeoutMS: 120_000,
      maxTimeMS: 60_000,
      maxPoolSize: 4,
    },
  });
  try {
    await seedDataset(
      createRepositories(store, {
        secretEncryptionKey: Buffer.from(stack.secrets.admin).subarray(0, 32),
      }),
      { users: 100 },
    );
  } finally {
    await store.close();
  }
  const page = await stack.request({
    query: USER_PAGE_ADMIN.replace('__typename ', ''),
    variables: { limit: 100 },
  });
  const emails = (page.body.data as { user_list: { items: UserItem[] } }).user_list.items.map(
    (u) => u.email,
  );
  const create =
    'mutation($f: AccountCreateFields!) { createAccount(input: { fields: $f }) { account { id } } }';
  for (let i = 0; i < emails.length; i += 10) {
    await Promise.all(
      emails.slice(i, i + 10).map(async (email) => {
        const r = await stack.request({
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
