import { cachedKeypairSource, type KeypairRecord, type KeypairSource } from '../../src/auth/keypairs';

const kp = (active: boolean): KeypairRecord => ({
  access_key: 'AK', secret_key: 'SK', is_active: active, is_admin: false, rate_limit: 1000, allowed_client_ip: null,
  user: { uuid: 'u', email: 'u@x.io', role: 'user', domain: 'default' },
});

function countingSource(values: Map<string, KeypairRecord>): KeypairSource & { calls: number } {
  const src = {
    calls: 0,
    get: async (ak: string) => {
      src.calls += 1;
      return values.get(ak);
    },
  };
  return src;
}

describe('cachedKeypairSource', () => {
  it('serves repeated lookups from memory and shares one lookup between concurrent misses', async () => {
    const inner = countingSource(new Map([['AK', kp(true)]]));
    const cache = cachedKeypairSource(inner, 60_000, 1000);
    const [a, b] = await Promise.all([cache.get('AK'), cache.get('AK')]);
    await cache.get('AK');
    expect([a, b, inner.calls]).toEqual([kp(true), kp(true), 1]);
  });

  it('reloads a keypair after its invalidation', async () => {
    const values = new Map([['AK', kp(true)]]);
    const inner = countingSource(values);
    const cache = cachedKeypairSource(inner, 60_000, 1000);
    await cache.get('AK');
    values.set('AK', kp(false));
    expect(await cache.get('AK')).toEqual(kp(true));
    cache.invalidate('AK');
    expect([await cache.get('AK'), inner.calls]).toEqual([kp(false), 2]);
  });

  it('drops what a lookup in flight during an invalidation would have stored', async () => {
    let release: (v: KeypairRecord) => void = () => undefined;
    let calls = 0;
    const inner: KeypairSource = {
      get: () => {
        calls += 1;
        return calls === 1 ? new Promise((r) => (release = r)) : Promise.resolve(kp(false));
      },
    };
    const cache = cachedKeypairSource(inner, 60_000, 1000);
    const stale = cache.get('AK');
    cache.invalidate('AK');
    release(kp(true));
    expect(await stale).toEqual(kp(true));
    expect(await cache.get('AK')).toEqual(kp(false));
  });

  it('remembers an unknown key only for the negative TTL', async () => {
    const inner = countingSource(new Map());
    const cache = cachedKeypairSource(inner, 60_000, 0);
    await cache.get('nope');
    await cache.get('nope');
    expect(inner.calls).toBe(2);
    const counted = countingSource(new Map());
    const negative = cachedKeypairSource(counted, 60_000, 60_000);
    expect([await negative.get('nope'), await negative.get('nope'), counted.calls]).toEqual([undefined, undefined, 1]);
  });

  it('lets a failing source fail the lookup without caching it', async () => {
    let fail = true;
    const cache = cachedKeypairSource({ get: async () => (fail ? Promise.reject(new Error('down')) : kp(true)) }, 60_000, 1000);
    await expect(cache.get('AK')).rejects.toThrow('down');
    fail = false;
    expect(await cache.get('AK')).toEqual(kp(true));
  });
});
