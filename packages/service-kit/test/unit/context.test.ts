import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  type AuthContext,
  ContextError,
  memoryReplayCache,
  mintContext,
  operationHash,
  secretKey,
  verifyContext,
} from '../../src/context';

const key = secretKey('k'.repeat(32));
const ctx: AuthContext = {
  kind: 'token',
  requestId: 'r-1',
  subject: 'alice',
  scopes: ['read'],
  groups: ['g'],
  accountId: 'a1',
};
const body = { query: '{ me { id } }', variables: { b: 2, a: 1 } };

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    return err instanceof ContextError ? err.reason : `unexpected: ${String(err)}`;
  }
}

describe('verifyContext', () => {
  it('returns the context when it is signed for this audience and this operation', async () => {
    const token = await mintContext(ctx, { audience: 'accounts', key, body });
    await expect(
      verifyContext(token, { audience: 'accounts', key, replay: memoryReplayCache(), body }),
    ).resolves.toEqual(ctx);
  });

  it('binds to variables regardless of key order', () => {
    expect(operationHash({ query: 'q', variables: { a: 1, b: 2 } })).toBe(
      operationHash({ query: 'q', variables: { b: 2, a: 1 } }),
    );
    expect(operationHash({ query: 'q', variables: { a: 1 } })).not.toBe(
      operationHash({ query: 'q', variables: { a: 2 } }),
    );
  });

  it('refuses another audience, another key, another operation and a replay', async () => {
    const replay = memoryReplayCache();
    const token = await mintContext(ctx, { audience: 'accounts', key, body });
    expect(await reason(verifyContext(token, { audience: 'admin', key, replay, body }))).toBe(
      'wrong audience',
    );
    expect(
      await reason(
        verifyContext(token, {
          audience: 'accounts',
          key: secretKey('z'.repeat(32)),
          replay,
          body,
        }),
      ),
    ).toBe('bad signature');
    expect(
      await reason(
        verifyContext(token, {
          audience: 'accounts',
          key,
          replay,
          body: { ...body, variables: { a: 9 } },
        }),
      ),
    ).toBe('operation mismatch');
    expect(
      await reason(
        verifyContext(token, {
          audience: 'accounts',
          key,
          replay,
          body: { ...body, query: '{ other }' },
        }),
      ),
    ).toBe('operation mismatch');
    expect(await reason(verifyContext(token, { audience: 'accounts', key, replay, body }))).toBe(
      'accepted',
    );
    expect(await reason(verifyContext(token, { audience: 'accounts', key, replay, body }))).toBe(
      'replayed',
    );
  });

  it('refuses a payload changed after signing (another audience or principal)', async () => {
    const replay = memoryReplayCache();
    const [v, payload, mac] = (await mintContext(ctx, { audience: 'accounts', key, body })).split(
      '.',
    );
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forge = (c: object) =>
      `${v}.${Buffer.from(JSON.stringify(c)).toString('base64url')}.${mac}`;
    expect(
      await reason(
        verifyContext(forge({ ...claims, aud: 'admin' }), { audience: 'admin', key, replay, body }),
      ),
    ).toBe('bad signature');
    expect(
      await reason(
        verifyContext(forge({ ...claims, ctx: { ...ctx, subject: 'root' } }), {
          audience: 'accounts',
          key,
          replay,
          body,
        }),
      ),
    ).toBe('bad signature');
    expect(
      await reason(verifyContext(`${v}.${payload}.`, { audience: 'accounts', key, replay, body })),
    ).toBe('bad signature');
  });

  /** A context MACed with the right key but carrying the given claims (what a bug in minting would send). */
  function signed(claims: object): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const mac = createHmac('sha256', key)
      .update('fedmgmt-ctx.v2.')
      .update(payload)
      .digest('base64url');
    return `v2.${payload}.${mac}`;
  }

  it('refuses an expired context, one without exp or jti, and one living longer than 60 s', async () => {
    const replay = memoryReplayCache();
    const now = Math.floor(Date.now() / 1000);
    const base = { iss: 'fedmgmt-gateway', aud: 'admin', bh: operationHash(body), ctx };
    const opts = { audience: 'admin', key, replay, body };
    expect(
      await reason(
        verifyContext(signed({ ...base, iat: now - 120, exp: now - 60, jti: 'j1' }), opts),
      ),
    ).toBe('expired');
    expect(await reason(verifyContext(signed({ ...base, iat: now, jti: 'j2' }), opts))).toBe(
      'missing claims',
    );
    expect(await reason(verifyContext(signed({ ...base, iat: now, exp: now + 30 }), opts))).toBe(
      'missing claims',
    );
    expect(
      await reason(verifyContext(signed({ ...base, iat: now, exp: now + 3600, jti: 'j3' }), opts)),
    ).toBe('bad lifetime');
    expect(
      await reason(
        verifyContext(signed({ ...base, iat: now + 600, exp: now + 630, jti: 'j4' }), opts),
      ),
    ).toBe('bad lifetime');
    expect(
      await reason(
        verifyContext(
          signed({ ...base, iss: 'someone', iat: now, exp: now + 30, jti: 'j5' }),
          opts,
        ),
      ),
    ).toBe('wrong issuer');
    expect(
      await reason(verifyContext(signed({ ...base, iat: now, exp: now + 30, jti: 'j6' }), opts)),
    ).toBe('accepted');
  });

  it('refuses other formats (a JWT, alg none, garbage) and a malformed ctx claim', async () => {
    const replay = memoryReplayCache();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      ctx,
      bh: operationHash(body),
      iss: 'fedmgmt-gateway',
      aud: 'admin',
      iat: now,
      exp: now + 30,
      jti: 'x',
    };
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'fedmgmt-ctx+jwt' })
      .sign(key);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    for (const token of [jwt, none, 'v2', 'v2..', 'garbage']) {
      expect([
        token.slice(0, 8),
        await reason(verifyContext(token, { audience: 'admin', key, replay, body })),
      ]).toEqual([token.slice(0, 8), expect.stringMatching(/^(malformed|bad signature)$/)]);
    }
    const notJson = `v2.${Buffer.from('{').toString('base64url')}.${createHmac('sha256', key).update('fedmgmt-ctx.v2.').update(Buffer.from('{').toString('base64url')).digest('base64url')}`;
    expect(await reason(verifyContext(notJson, { audience: 'admin', key, replay, body }))).toBe(
      'malformed',
    );
    const bad = await mintContext({ kind: 'root' } as unknown as AuthContext, {
      audience: 'admin',
      key,
      body,
    });
    expect(await reason(verifyContext(bad, { audience: 'admin', key, replay, body }))).toBe(
      'malformed ctx',
    );
  });

  it('refuses a context whose groups are not a list of names (the gateway sends them normalised)', async () => {
    const replay = memoryReplayCache();
    for (const groups of ['admin', [{ value: 'admin' }], undefined]) {
      const token = await mintContext({ ...ctx, groups } as unknown as AuthContext, {
        audience: 'admin',
        key,
        body,
      });
      expect(await reason(verifyContext(token, { audience: 'admin', key, replay, body }))).toBe(
        'malformed ctx',
      );
    }
  });
});

describe('secretKey', () => {
  it('rejects a secret shorter than 32 bytes', () => {
    expect(() => secretKey('short')).toThrow('internal auth secret must be at least 32 bytes');
  });
});

describe('memoryReplayCache', () => {
  it('fails closed when full of unexpired ids', () => {
    const cache = memoryReplayCache(2);
    const later = Date.now() + 60_000;
    expect([
      cache.remember('a', later),
      cache.remember('b', later),
      cache.remember('c', later),
    ]).toEqual([true, true, false]);
  });

  it('makes room by dropping expired ids', () => {
    const cache = memoryReplayCache(2);
    expect([
      cache.remember('a', Date.now() - 1),
      cache.remember('b', Date.now() + 60_000),
      cache.remember('c', Date.now() + 60_000),
    ]).toEqual([true, true, true]);
  });
});
