import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Binary, Long, MongoClient } from 'mongodb';
import { type Embedded, startEmbeddedMongo, startPrivateRedis } from '../../src';

const waitExit = (pid: number) =>
  new Promise<void>((resolve) => {
    const t = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(t);
        resolve();
      }
    }, 20);
  });

async function withClient<T>(url: string, fn: (c: MongoClient) => Promise<T>): Promise<T> {
  const c = new MongoClient(url, { serverSelectionTimeoutMS: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

describe('embedded stores keep their data across restarts', () => {
  let dir: string;
  const running: Embedded[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fedmgmt-embedded-'));
  });
  afterEach(async () => {
    for (const e of running.splice(0)) await e.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (opts: Parameters<typeof startEmbeddedMongo>[0] & object) => {
    const e = await startEmbeddedMongo(opts);
    running.push(e);
    return e;
  };

  it('MongoDB: a clean stop keeps every document (types intact) and index; a restart loads them', async () => {
    const first = await start({
      dataDir: join(dir, 'mongo'),
      collections: { keep: ['users', 'keypairs', 'never_written'] },
    });
    const now = new Date('2026-01-02T03:04:05.678Z');
    await withClient(first.url, async (c) => {
      const col = c.db('keep').collection('users');
      await col.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
      await col.insertMany(
        Array.from({ length: 300 }, (_, i) => ({
          _id: `u${i}` as never,
          email: `u${i}@x`,
          at: now,
          big: Long.fromString('9007199254740993'),
          bin: new Binary(Buffer.from([i % 256])),
        })),
      );
      await c
        .db('keep')
        .collection('keypairs')
        .insertOne({ _id: 'AK1' as never, user: 'u1' });
    });
    await first.stop();
    running.splice(0);

    const second = await start({
      dataDir: join(dir, 'mongo'),
      collections: { keep: ['users', 'keypairs', 'never_written'] },
    });
    expect(second.url).not.toBe(first.url);
    await withClient(second.url, async (c) => {
      const col = c.db('keep').collection('users');
      expect(await col.countDocuments({})).toBe(300);
      const u7 = await col.findOne({ _id: 'u7' as never }, { promoteLongs: false });
      expect(u7?.at).toEqual(now);
      expect((u7?.big as Long).toString()).toBe('9007199254740993');
      expect(Buffer.from((u7?.bin as Binary).buffer)).toEqual(Buffer.from([7]));
      expect(await c.db('keep').collection('keypairs').findOne({})).toEqual({
        _id: 'AK1',
        user: 'u1',
      });
      await expect(col.insertOne({ email: 'u1@x' })).rejects.toMatchObject({ code: 11000 });
    });
  });

  it('MongoDB: after a crash (SIGKILL by PID) the writes of the last snapshot interval are all that can be missing', async () => {
    const first = await start({
      dataDir: join(dir, 'mongo'),
      collections: { crash: ['items'] },
      snapshotIntervalMs: 200,
    });
    await withClient(first.url, (c) =>
      c
        .db('crash')
        .collection('items')
        .insertMany(Array.from({ length: 50 }, (_, i) => ({ i }))),
    );
    await new Promise((r) => setTimeout(r, 800)); // several intervals
    process.kill(first.pid as number, 'SIGKILL');
    await waitExit(first.pid as number);
    await first.stop(); // the server is gone: no final snapshot, only the lock is released
    running.splice(0);

    const second = await start({ dataDir: join(dir, 'mongo'), collections: { crash: ['items'] } });
    expect(
      await withClient(second.url, (c) => c.db('crash').collection('items').countDocuments({})),
    ).toBe(50);
  });

  it('MongoDB: a second server on a data directory in use is refused', async () => {
    await start({ dataDir: join(dir, 'mongo'), collections: { x: ['y'] } });
    await expect(
      startEmbeddedMongo({ dataDir: join(dir, 'mongo'), collections: { x: ['y'] } }),
    ).rejects.toThrow(/in use by process/);
    expect(readFileSync(join(dir, 'mongo', 'LOCK'), 'utf8').trim()).toBe(String(process.pid));
  });

  it('private Redis: an acknowledged write survives SIGKILL of the server (append-only file)', async () => {
    const first = await startPrivateRedis({ dataDir: join(dir, 'redis') });
    running.push(first);
    const a = new Redis(first.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    await a.connect();
    // everysec would answer writes it has not yet written while a slow fsync runs (seen: the
    // second write below lost under disk load); only `always` makes an acknowledgement durable.
    expect(await a.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
    await a.set('fedmgmt:test:persist', 'kept');
    await a.hset('fedmgmt:test:hash', 'f', '1');
    a.disconnect();
    process.kill(first.pid as number, 'SIGKILL');
    await waitExit(first.pid as number);
    running.splice(0);

    const second = await startPrivateRedis({ dataDir: join(dir, 'redis') });
    running.push(second);
    const b = new Redis(second.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await b.connect();
    expect(await b.get('fedmgmt:test:persist')).toBe('kept');
    expect(await b.hget('fedmgmt:test:hash', 'f')).toBe('1');
    b.disconnect();
  });
});
