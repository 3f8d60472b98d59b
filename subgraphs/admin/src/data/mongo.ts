import { type ClientSession, MongoClient, type Db } from 'mongodb';
import type { AdminConfig } from '../config';
import { runTransaction } from './transaction';
import { WriteGate } from './writeGate';

export interface MongoStore {
  client: MongoClient;
  db: Db;
  maxTimeMS: number;
  ping(): Promise<boolean>;
  /**
   * Runs `fn` in a multi-document transaction (needs a replica set), exclusive of this process's
   * other writes (see WriteGate). Errors: IntegrityError, WriteNotAppliedError (retry),
   * WriteOutcomeUnknownError (the commit's answer was lost).
   */
  transaction<T>(fn: (session: ClientSession) => Promise<T>): Promise<T>;
  /** Runs a single-document write (no session) alongside the others, never inside a commit's window. */
  write<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How long a write waits for its turn in this process before it is refused as busy. */
const WRITE_QUEUE_WAIT_MS = 30_000;

/** Connects with explicit timeouts (config.mongo), so a dead or hung MongoDB fails within about 1 s instead of 30. */
export async function connectMongo(
  config: Pick<AdminConfig, 'mongoUrl' | 'mongoDb' | 'mongo'>,
): Promise<MongoStore> {
  const { maxTimeMS, ...clientOptions } = config.mongo;
  const client = new MongoClient(config.mongoUrl, {
    ...clientOptions,
    waitQueueTimeoutMS: clientOptions.waitQueueTimeoutMS ?? 2000,
    appName: 'fedmgmt-admin',
  });
  await client.connect();
  return storeOf(client, config.mongoDb, maxTimeMS);
}

/** The store over a connected client (connectMongo's, or a test's own instrumented one). */
export function storeOf(client: MongoClient, dbName: string, maxTimeMS: number): MongoStore {
  const db = client.db(dbName);
  const gate = new WriteGate(WRITE_QUEUE_WAIT_MS);
  return {
    client,
    db,
    maxTimeMS,
    async ping() {
      await db.command({ ping: 1 });
      return true;
    },
    transaction: (fn) => gate.exclusive(() => runTransaction(client, fn)),
    write: (fn) => gate.shared(fn),
    close: () => client.close(),
  };
}
