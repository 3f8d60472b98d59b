import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { countRedisRoundTrips, type RoundTripCounter } from '../../src/redisRoundTrips';
import { deleteByPrefix } from '../../src/stack';

// The machine's Redis, on this test's own key prefix (removed afterwards).
const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `test:rtt:${randomUUID().slice(0, 8)}:`;

describe('countRedisRoundTrips', () => {
  let counter: RoundTripCounter;
  let a: Redis;
  let b: Redis;
  const client = async (name: string) => {
    const r = new Redis(URL, { connectionName: name, keyPrefix: prefix, lazyConnect: true });
    await r.connect();
    return r;
  };

  beforeAll(async () => {
    counter = countRedisRoundTrips();
    [a, b] = [await client('rtt-a'), await client('rtt-b')];
  });
  afterAll(async () => {
    counter.uninstall();
    await deleteByPrefix(a, prefix);
    await Promise.all([a.quit(), b.quit()]);
  });

  /** Round trips of `name` while `fn` runs. */
  const during = async (name: string, fn: () => Promise<unknown>) => {
    const before = counter.count(name);
    await fn();
    return counter.count(name) - before;
  };

  it('counts a pipeline of 100 commands as one round trip', async () => {
    const n = await during('rtt-a', async () => {
      const pipe = a.pipeline();
      for (let i = 0; i < 100; i++) pipe.hset(`h:${i}`, 'f', String(i));
      const res = await pipe.exec();
      expect(res).toHaveLength(100);
    });
    expect(n).toBe(1);
  });

  it('counts a MULTI transaction as one round trip', async () => {
    const n = await during('rtt-a', () => a.multi().incr('n').incr('n').get('n').exec());
    expect(n).toBe(1);
  });

  it('counts three sequential awaited commands as three', async () => {
    const n = await during('rtt-a', async () => {
      await a.set('k', '1');
      await a.get('k');
      await a.del('k');
    });
    expect(n).toBe(3);
  });

  it('counts a Lua script as one round trip', async () => {
    const n = await during('rtt-a', () => a.eval("return redis.call('INCR', KEYS[1])", 1, 'lua'));
    expect(n).toBe(1);
  });

  it('keeps clients apart by connection name', async () => {
    const [beforeA, beforeB, all] = [
      counter.count('rtt-a'),
      counter.count('rtt-b'),
      counter.count(),
    ];
    await b.get('x');
    await b.get('y');
    expect(counter.count('rtt-a')).toBe(beforeA);
    expect(counter.count('rtt-b')).toBe(beforeB + 2);
    expect(counter.count()).toBe(all + 2);
  });

  it('refuses a second counter while one is installed', () => {
    expect(() => countRedisRoundTrips()).toThrow(/already installed/);
  });

  it('leaves live clients working after uninstall, uncounted (runs last)', async () => {
    const late = await client('rtt-c');
    try {
      counter.uninstall();
      const before = counter.count();
      await expect(a.set('after', '1')).resolves.toBe('OK');
      await expect(late.get('after')).resolves.toBe('1');
      expect(counter.count()).toBe(before);
      countRedisRoundTrips().uninstall(); // installable again
    } finally {
      await late.quit();
    }
  });
});
