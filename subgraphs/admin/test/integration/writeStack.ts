import { type AuthContext } from '@fedmgmt/service-kit';
import { type Stack, type StackOptions, startStack } from '@fedmgmt/testkit';
import { type Db, MongoClient } from 'mongodb';

export type Gql = {
  data?: Record<string, Record<string, unknown> | null>;
  errors?: { message: string }[];
};

export interface WriteStack {
  stack: Stack;
  /** A plain driver connection of the test's own, to read back what the API acknowledged. */
  db: Db;
  /** Posts straight to the admin subgraph as the bootstrap superadmin. */
  admin(query: string, variables?: Record<string, unknown>): Promise<Gql>;
  stop(): Promise<void>;
}

/** The whole test stack on the embedded store, plus an independent reader for counting. */
export async function startWriteStack(opts: StackOptions = {}): Promise<WriteStack> {
  // These suites count lost writes, not outage latency: a box loaded by other jobs must not turn a
  // slow embedded store into "temporarily unavailable" answers (the product's 500 ms pool wait and
  // 900 ms socket timeouts are for outages, tested in the fault suites). A suite's own env wins.
  const stack = await startStack({
    ...opts,
    adminEnv: {
      MONGO_WAIT_QUEUE_TIMEOUT_MS: '5000',
      MONGO_SOCKET_TIMEOUT_MS: '5000',
      ...opts.adminEnv,
    },
  });
  const client = new MongoClient(stack.mongoUrl, { serverSelectionTimeoutMS: 3000 });
  await client.connect();
  const db = client.db(stack.mongoDb);
  const su = await db
    .collection<{ _id: string; email: string; main_access_key: string }>('users')
    .findOne({ email: 'admin@lablup.com' });
  if (!su) throw new Error('bootstrap superadmin missing');
  const ctx: Omit<AuthContext, 'requestId'> = {
    kind: 'keypair',
    subject: su.main_access_key,
    scopes: [],
    groups: [],
    user: {
      uuid: su._id,
      email: su.email,
      role: 'superadmin',
      domain: 'default',
      accessKey: su.main_access_key,
    },
  };
  return {
    stack,
    db,
    admin: async (query, variables = {}) => {
      const res = await stack.subgraphRequest('admin', { query, variables }, ctx);
      if (res.status !== 200)
        throw new Error(`admin answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as Gql;
    },
    stop: async () => {
      await client.close();
      await stack.stop();
    },
  };
}

/** Tallies mutation answers by message ("success", "integrity error: …", …). */
export function tally(answers: Gql[], field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const body of answers) {
    const a = body.data?.[field];
    const key = a ? String(a.msg) : `no answer: ${body.errors?.map((e) => e.message).join('; ')}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
