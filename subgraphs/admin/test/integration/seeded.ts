import { type Stack, type StackOptions, startStack } from '@fedmgmt/testkit';
import { ensureBootstrapSuperadmin } from '../../src/data/bootstrap';
import { connectMongo, type MongoStore } from '../../src/data/mongo';
import type { Repositories } from '../../src/data/repositories';
import { createRepositories } from '../../src/server';
import { seedDataset } from '../../scripts/lib/dataset';

export const DEV_AK = 'AKIAIOSFODNN7EXAMPLE';
export const DEV_SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export interface SeededStack {
  stack: Stack;
  store: MongoStore;
  repos: Repositories;
  stop(): Promise<void>;
}

/** The whole stack plus the seed dataset, written with the key the stack's admin subgraph uses. */
export async function startSeededStack(
  users = 30,
  options: StackOptions = {},
): Promise<SeededStack> {
  const stack = await startStack(options);
  const store = await connectMongo({
    mongoUrl: stack.mongoUrl,
    mongoDb: stack.mongoDb,
    mongo: {
      serverSelectionTimeoutMS: 3000,
      connectTimeoutMS: 2000,
      socketTimeoutMS: 10_000,
      maxTimeMS: 5000,
      maxPoolSize: 4,
    },
  });
  // The test stack derives the admin encryption key from its internal secret (packages/testkit).
  const repos = createRepositories(store, {
    secretEncryptionKey: Buffer.from(stack.secrets.admin).subarray(0, 32),
  });
  await ensureBootstrapSuperadmin(repos, {
    email: 'admin@lablup.com',
    accessKey: DEV_AK,
    secretKey: DEV_SK,
  });
  await seedDataset(repos, { users });
  return {
    stack,
    store,
    repos,
    stop: async () => {
      await store.close();
      await stack.stop();
    },
  };
}
