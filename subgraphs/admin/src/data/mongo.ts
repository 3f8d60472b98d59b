import { type ClientSession, MongoClient, type Db } from 'mongodb';
import type { AdminConfig } from '../config';

export interface MongoStore {
  client: MongoClient;
  db: Db;
  maxTimeMS: number;
  ping(): Promise<boolean>;
  /** Runs `fn` in a multi-document transaction (needs a replica set, as the test server runs). */
  transaction<T>(fn: (session: ClientSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Connects with explicit timeouts (config.mongo), so a dead or hung MongoDB fails within about 1 s instead of 30. */
export async function connectMongo(config: Pick<AdminConfig, 'mongoUrl' | 'mongoDb' | 'mongo'>): Promise<MongoStore> {
  const { maxTimeMS, ...clientOptions } = config.mongo;
  const client = new MongoClient(config.mongoUrl, {
    ...clientOptions,
    waitQueueTimeoutMS: clientOptions.waitQueueTimeoutMS ?? 2000,
    appName: 'fedmgmt-admin',
  });
  await client.connect();
  const db = client.db(config.mongoDb);
  return {
    client,
    db,
    maxTimeMS,
    async ping() {
      await db.command({ ping: 1 });
      return true;
    },
    transaction: (fn) => client.withSession((session) => session.withTransaction(() => fn(session))),
    close: () => client.close(),
  };
}
