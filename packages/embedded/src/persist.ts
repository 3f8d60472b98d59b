import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { BSON, type Document, type IndexDescriptionInfo, type MongoClient } from 'mongodb';

const { EJSON } = BSON;

/**
 * Persistence for the embedded dev server, which itself keeps nothing on disk: a consistent
 * snapshot of the named databases (all collections, documents and indexes, canonical Extended
 * JSON so dates, binaries and 64-bit numbers survive), written atomically (temp file, fsync,
 * rename) every `intervalMs` when something changed and once more on stop, and loaded on start.
 *
 * What holds: a clean stop (Ctrl-C, SIGTERM, stop()) loses nothing that was acknowledged; a crash
 * (SIGKILL, power loss) loses at most the writes of the last interval, and never leaves a torn
 * file (the previous snapshot stays until the new one is complete). It is not a journal.
 */
export interface SnapshotOptions {
  dataDir: string;
  /** database -> collections to keep (the embedded server cannot list its collections). */
  collections: Readonly<Record<string, readonly string[]>>;
  intervalMs?: number;
}

interface CollectionDump {
  indexes: Document[];
  documents: Document[];
}
type Dump = Record<string, Record<string, CollectionDump>>;

export const SNAPSHOT_FILE = 'snapshot.ejson';
const LOCK_FILE = 'LOCK';
/** Data directories this process holds (a PID check alone cannot tell two holders in one process apart). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One owner per data directory: a second stack on the same data would overwrite the first's. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, LOCK_FILE);
  const key = resolve(dir);
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    const mine = pid === process.pid;
    if (Number.isInteger(pid) && pid > 0 && ((mine && held.has(key)) || (!mine && alive(pid)))) {
      throw new Error(`${dir} is in use by process ${pid} (another dev stack?); stop it first`);
    }
  }
  writeFileSync(lock, `${process.pid}\n`);
  held.add(key);
  return () => {
    held.delete(key);
    rmSync(lock, { force: true });
  };
}

/** Reads a consistent copy: one read-only transaction sees a single point in time, then aborts. */
async function dump(
  client: MongoClient,
  collections: SnapshotOptions['collections'],
): Promise<Dump> {
  const out: Dump = {};
  const session = client.startSession();
  try {
    session.startTransaction();
    for (const [db, names] of Object.entries(collections)) {
      const cols: Record<string, CollectionDump> = {};
      for (const name of new Set(names)) {
        const col = client.db(db).collection(name);
        const documents = await col.find({}, { session }).toArray();
        // Collection.indexes(): the listIndexes command's documents, typed (listIndexes().toArray() is any[]).
        const indexes: Document[] = (
          await col.indexes().catch((): IndexDescriptionInfo[] => [])
        ).filter((i) => i.name !== '_id_');
        if (documents.length > 0 || indexes.length > 0) cols[name] = { indexes, documents };
      }
      out[db] = cols;
    }
    await session.abortTransaction();
  } finally {
    await session.endSession();
  }
  return out;
}

function writeAtomically(dir: string, text: string): void {
  const file = join(dir, SNAPSHOT_FILE);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** Loads the last snapshot into an empty server; returns how many documents it restored. */
export async function restoreSnapshot(client: MongoClient, dir: string): Promise<number> {
  const file = join(dir, SNAPSHOT_FILE);
  if (!existsSync(file)) return 0;
  const data = EJSON.parse(readFileSync(file, 'utf8'), { relaxed: false }) as {
    version: number;
    databases: Dump;
  };
  if (Number(data.version) !== 1)
    throw new Error(`${file}: unknown snapshot version ${String(data.version)}`);
  let count = 0;
  for (const [db, cols] of Object.entries(data.databases)) {
    for (const [name, { indexes, documents }] of Object.entries(cols)) {
      const col = client.db(db).collection(name);
      await client
        .db(db)
        .createCollection(name)
        .catch(() => undefined);
      for (const { key, name: indexName, v: _v, ns: _ns, ...options } of indexes) {
        await col.createIndex(key as Document, { name: indexName as string, ...options });
      }
      for (let i = 0; i < documents.length; i += 1000)
        await col.insertMany(documents.slice(i, i + 1000), { ordered: true });
      count += documents.length;
    }
  }
  return count;
}

export interface Snapshotter {
  /** Writes a snapshot now if anything changed since the last one. */
  flush(): Promise<void>;
  /** Final snapshot, then stops the timer. */
  close(): Promise<void>;
}

export function startSnapshots(
  client: MongoClient,
  opts: SnapshotOptions,
  onError: (err: Error) => void,
): Snapshotter {
  let lastHash = '';
  let running: Promise<void> | undefined;
  const once = async () => {
    const text = EJSON.stringify(
      { version: 1, databases: await dump(client, opts.collections) },
      { relaxed: false },
    );
    const hash = createHash('sha256').update(text).digest('hex');
    if (hash === lastHash) return;
    writeAtomically(opts.dataDir, text);
    lastHash = hash;
  };
  // One snapshot at a time; a flush asked for during one waits for it and then takes its own.
  const flush = async () => {
    while (running) await running.catch(() => undefined);
    running = once().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    flush().catch((err: Error) => onError(err));
  }, opts.intervalMs ?? 2000);
  timer.unref();
  return {
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
