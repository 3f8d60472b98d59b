import {
  cachedKeypairSource,
  type KeypairRecord,
  type KeypairSource,
} from '../../src/auth/keypairs';

const kp = (active: boolean): KeypairRecord => ({
  access_key: 'AK',
  secret_key: 'SK',
  is_active: active,
  is_admin: false,
  rate_limit: 1000,
  allowed_client_ip: null,
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
    expect([await negative.get('nope'), await negative.get('nope'), counted.calls]).toEqual([
      undefined,
      undefined,
      1,
    ]);
  });

  it('lets a failing source fail the lookup without caching it', async () => {
    let fail = true;
    const cache = cachedKeypairSource(
      { get: async () => (fail ? Promise.reject(new Error('down')) : kp(true)) },
      60_000,
      1000,
    );
    await expect(cache.get('AK')).rejects.toThrow('down');
    fail = false;
    expect(await cache.get('AK')).toEqual(kp(true));
  });

  describe('while the admin subgraph is unreachable', () => {
    const flaky = () => {
      const src = { down: false, calls: 0, value: kp(true) as KeypairRecord | undefined };
      const source: KeypairSource = {
        get: async () => {
          src.calls += 1;
          if (src.down) throw new Error('admin unreachable');
          return src.value;
        },
      };
      return { src, source };
    };
    const expire = () => new Promise((r) => setTimeout(r, 5));

    it('serves a keypair verified within KEYPAIR_STALE_MAX_MS after its TTL, and says so once', async () => {
      const { src, source } = flaky();
      const stale: string[] = [];
      const cache = cachedKeypairSource(source, 1, 1, {
        staleMaxMs: 60_000,
        onStale: (ak) => stale.push(ak),
      });
      await cache.get('AK');
      src.down = true;
      await expire();
      expect(await cache.get('AK')).toEqual(kp(true));
      expect(await cache.get('AK')).toEqual(kp(true));
      expect(stale).toEqual(['AK']);
      src.down = false;
      await new Promise((r) => setTimeout(r, 1100)); // past the retry pause: asks the admin subgraph again
      src.value = kp(false);
      expect(await cache.get('AK')).toEqual(kp(false));
    });

    it('does not serve stale without the option, past the bound, for unknown keys, or after an invalidation', async () => {
      const off = flaky();
      const plain = cachedKeypairSource(off.source, 1, 1);
      await plain.get('AK');
      off.src.down = true;
      await expire();
      await expect(plain.get('AK')).rejects.toThrow('admin unreachable');

      const bounded = flaky();
      const short = cachedKeypairSource(bounded.source, 1, 1, { staleMaxMs: 2 });
      await short.get('AK');
      bounded.src.down = true;
      await expire();
      await expect(short.get('AK')).rejects.toThrow('admin unreachable');

      const unknown = flaky();
      unknown.src.value = undefined;
      const negative = cachedKeypairSource(unknown.source, 1, 1, { staleMaxMs: 60_000 });
      expect(await negative.get('AK')).toBeUndefined();
      unknown.src.down = true;
      await expire();
      await expect(negative.get('AK')).rejects.toThrow('admin unreachable');

      const revoked = flaky();
      const evicting = cachedKeypairSource(revoked.source, 1, 1, { staleMaxMs: 60_000 });
      await evicting.get('AK');
      revoked.src.down = true;
      evicting.invalidate('AK');
      await expect(evicting.get('AK')).rejects.toThrow('admin unreachable');
    });

    it('answers from memory without waiting on the admin subgraph right after a failed lookup', async () => {
      const { src, source } = flaky();
      const cache = cachedKeypairSource(source, 1, 1, { staleMaxMs: 60_000 });
      await cache.get('AK');
      src.down = true;
      await expire();
      await cache.get('AK');
      const calls = src.calls;
      await expire();
      expect(await cache.get('AK')).toEqual(kp(true));
      expect(src.calls).toBe(calls);
    });

    it('answers a slow lookup with the recently verified value after the grace period, and stores the fresh one', async () => {
      let release: (v: KeypairRecord) => void = () => undefined;
      let calls = 0;
      const source: KeypairSource = {
        get: () => {
          calls += 1;
          return calls === 1 ? Promise.resolve(kp(true)) : new Promise((r) => (release = r));
        },
      };
      const cache = cachedKeypairSource(source, 1, 1, { staleMaxMs: 60_000, staleGraceMs: 20 });
      await cache.get('AK');
      await expire();
      expect(await cache.get('AK')).toEqual(kp(true));
      release({ ...kp(true), rate_limit: 5 });
      await new Promise((r) => setTimeout(r, 5));
      // The late answer refreshed the entry: that is what is served from now on.
      expect((await cache.get('AK'))?.rate_limit).toBe(5);
    });
  });
});
