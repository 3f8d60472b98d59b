import { cachedTokenVerifier } from '../../src/auth/tokenCache';
import type { VerifiedToken } from '../../src/auth/tokens';

const jwt = (claims: object) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

function counting(refuse: Set<string> = new Set()) {
  const calls: string[] = [];
  const verify = async (token: string): Promise<VerifiedToken> => {
    calls.push(token);
    if (refuse.has(token)) throw new Error('refused');
    return { issuer: 'i', subject: token.slice(-8), scopes: [], groups: [] };
  };
  return { calls, verify };
}

describe('cachedTokenVerifier', () => {
  let clock = 1_000_000_000_000;
  const now = () => clock;
  const exp = (ms: number) => Math.floor((clock + ms) / 1000);

  it('verifies a token once, then serves it until the cache TTL ends', async () => {
    const inner = counting();
    const v = cachedTokenVerifier(inner.verify, 30_000, now);
    const t = jwt({ sub: 'a', exp: exp(3_600_000) });
    await v(t);
    await v(t);
    clock += 29_000;
    await v(t);
    expect(inner.calls.length).toBe(1);
    clock += 2_000;
    await v(t);
    expect(inner.calls.length).toBe(2);
  });

  it('never serves a token past its own exp', async () => {
    const inner = counting();
    const v = cachedTokenVerifier(inner.verify, 30_000, now);
    const t = jwt({ sub: 'b', exp: exp(5_000) });
    await v(t);
    clock += 6_000;
    await v(t);
    expect(inner.calls).toEqual([t, t]);
  });

  it('keeps no failure and no other token: each is verified on its own', async () => {
    const bad = jwt({ sub: 'bad', exp: exp(3_600_000) });
    const inner = counting(new Set([bad]));
    const v = cachedTokenVerifier(inner.verify, 30_000, now);
    await expect(v(bad)).rejects.toThrow('refused');
    await expect(v(bad)).rejects.toThrow('refused');
    const a = jwt({ sub: 'a', exp: exp(3_600_000) });
    await v(a);
    await v(`${a}x`);
    expect(inner.calls).toEqual([bad, bad, a, `${a}x`]);
  });

  it('is off with a TTL of 0', async () => {
    const inner = counting();
    const v = cachedTokenVerifier(inner.verify, 0, now);
    const t = jwt({ sub: 'c', exp: exp(3_600_000) });
    await v(t);
    await v(t);
    expect(inner.calls.length).toBe(2);
  });
});
