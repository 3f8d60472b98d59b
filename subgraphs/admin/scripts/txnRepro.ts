/**
 * Wire-level reproduction of lost writes under concurrent transactions (issue 9).
 *
 *   npx tsx subgraphs/admin/scripts/txnRepro.ts [--n 10,20,40,100] [--mode raw|store] [--monitoring auto|poll|stream]
 *
 * Starts the embedded server (jongodb, single-node replica set) on a free loopback port and runs
 * N concurrent `withTransaction`s with the official driver, each inserting one `users` document and
 * one `keypairs` document with distinct keys, plus N plain `insertOne`s into `policies` alongside.
 * Then it counts what the server acknowledged against what exists.
 *   --mode raw    one MongoClient, sessions and withTransaction straight from the driver (the old path)
 *   --mode store  the admin subgraph's MongoStore.transaction / write path (the product's path)
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '@fedmgmt/embedded';
import { connectMongo } from '../src/data/mongo';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};

interface Round {
  n: number;
  txAcked: number;
  txFailed: number;
  usersPresent: number;
  keypairsPresent: number;
  plainAcked: number;
  plainPresent: number;
  errors: Record<string, number>;
}

type Tx = (fn: (session: import('mongodb').ClientSession) => Promise<void>) => Promise<void>;
type PlainWrite = (fn: () => Promise<unknown>) => Promise<unknown>;

async function round(
  client: MongoClient,
  tx: Tx,
  plainWrite: PlainWrite,
  n: number,
): Promise<Round> {
  const db = client.db(`repro_${randomUUID().slice(0, 8)}`);
  await db.collection('users').createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
  await db.collection('keypairs').createIndex({ user: 1 }, { name: 'user' });
  await db.collection('policies').createIndex({ name: 1 }, { unique: true, name: 'name_unique' });
  const errors: Record<string, number> = {};
  const note = (err: unknown) => {
    const e = err as {
      code?: number;
      codeName?: string;
      errorLabelSet?: Set<string>;
      message?: string;
    };
    const labels = e.errorLabelSet ? [...e.errorLabelSet].join('+') : '';
    const key = `${e.codeName ?? e.code ?? 'no-code'}${labels ? ` [${labels}]` : ''}: ${String(e.message).slice(0, 80)}`;
    errors[key] = (errors[key] ?? 0) + 1;
  };
  const txs = Array.from({ length: n }, async (_, i) => {
    const uid = randomUUID();
    try {
      await tx(async (session) => {
        await db
          .collection('users')
          .insertOne({ _id: uid as never, email: `u${i}@example.com` }, { session });
        await db
          .collection('keypairs')
          .insertOne({ _id: `AK${uid}` as never, user: uid }, { session });
      });
      return true;
    } catch (err) {
      note(err);
      return false;
    }
  });
  const plain = Array.from({ length: n }, async (_, i) => {
    try {
      await plainWrite(() =>
        db.collection('policies').insertOne({ _id: `p${i}` as never, name: `p${i}` }),
      );
      return true;
    } catch (err) {
      note(err);
      return false;
    }
  });
  const [txOk, plainOk] = await Promise.all([Promise.all(txs), Promise.all(plain)]);
  const r: Round = {
    n,
    txAcked: txOk.filter(Boolean).length,
    txFailed: txOk.filter((x) => !x).length,
    usersPresent: await db.collection('users').countDocuments({}),
    keypairsPresent: await db.collection('keypairs').countDocuments({}),
    plainAcked: plainOk.filter(Boolean).length,
    plainPresent: await db.collection('policies').countDocuments({}),
    errors,
  };
  await db.dropDatabase().catch(() => undefined);
  return r;
}

async function main() {
  const sizes = arg('n', '10,20,40,100').split(',').map(Number);
  const mode = arg('mode', 'raw');
  const monitoring = arg('monitoring', 'auto') as 'auto' | 'poll' | 'stream';
  const pool = Number(arg('pool', '20'));
  const mongo = await startEmbeddedMongo();
  let lost = 0;
  try {
    let client: MongoClient;
    let tx: Tx;
    let plainWrite: PlainWrite = (fn) => fn();
    let close: () => Promise<void>;
    if (mode === 'store') {
      const store = await connectMongo({
        mongoUrl: mongo.url,
        mongoDb: 'unused',
        mongo: {
          serverSelectionTimeoutMS: 3000,
          connectTimeoutMS: 2000,
          socketTimeoutMS: 10_000,
          maxTimeMS: 5000,
          maxPoolSize: pool,
        },
      });
      client = store.client;
      tx = (fn) => store.transaction(fn);
      plainWrite = (fn) => store.write(fn);
      close = () => store.close();
    } else {
      client = new MongoClient(mongo.url, { maxPoolSize: pool, serverMonitoringMode: monitoring });
      await client.connect();
      tx = (fn) => client.withSession((s) => s.withTransaction(() => fn(s)));
      close = () => client.close();
    }
    console.log(
      `jongodb at ${mongo.url} (pid ${mongo.pid}); mode=${mode} monitoring=${monitoring} maxPoolSize=${pool}`,
    );
    for (const n of sizes) {
      const r = await round(client, tx, plainWrite, n);
      lost +=
        r.txAcked - Math.min(r.usersPresent, r.keypairsPresent) + (r.plainAcked - r.plainPresent);
      console.log(
        `N=${String(n).padStart(3)}  transactions: acked ${r.txAcked}, failed ${r.txFailed}, users present ${r.usersPresent}, keypairs present ${r.keypairsPresent}` +
          `  |  plain inserts: acked ${r.plainAcked}, present ${r.plainPresent}`,
      );
      for (const [k, v] of Object.entries(r.errors)) console.log(`        ${v} x ${k}`);
    }
    await close();
  } finally {
    await mongo.stop();
  }
  console.log(
    lost === 0
      ? 'RESULT: acknowledged = present'
      : `RESULT: ${lost} acknowledged writes are missing`,
  );
  process.exitCode = lost === 0 ? 0 : 1;
}

void main();
