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
const ctx: AuthContext = { kind: 'token', requestId: 'r-1', subject: 'alice', scopes: ['read'], groups: ['g'], accountId: 'a1' };
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
    await expect(verifyContext(token, { audience: 'accounts', key, replay: memoryReplayCache(), body })).resolves.toEqual(ctx);
  });

  it('binds to variables regardless of key order', () => {
    expect(operationHash({ query: 'q', variables: { a: 1, b: 2 } })).toBe(operationHash({ query: 'q', variables: { b: 2, a: 1 } }));
    expect(operationHash({ query: 'q', variables: { a: 1 } })).not.toBe(operationHash({ query: 'q', variables: { a: 2 } }));
  });

  it('refuses another audience, another key, another operation and a replay', async () => {
    const replay = memoryReplayCache();
    const token = await mintContext(ctx, { audience: 'accounts', key, body });
    expect(await reason(verifyContext(token, { audience: 'admin', key, replay, body }))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await reason(verifyContext(token, { audience: 'accounts', key: secretKey('z'.repeat(32)), replay, body }))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(await reason(verifyContext(token, { audience: 'accounts', key, replay, body: { ...body, variables: { a: 9 } } }))).toBe('operation mismatch');
    expect(await reason(verifyContext(token, { audience: 'accounts', key, replay, body }))).toBe('accepted');
    expect(await reason(verifyContext(token, { audience: 'accounts', key, replay, body }))).toBe('replayed');
  });

  it('refuses an expired context and one without exp or jti', async () => {
    const replay = memoryReplayCache();
    const bh = operationHash(body);
    const base = () => new SignJWT({ ctx, bh }).setProtectedHeader({ alg: 'HS256', typ: 'fedmgmt-ctx+jwt' }).setIssuer('fedmgmt-gateway').setAudience('admin');
    const expired = await base().setIssuedAt(Math.floor(Date.now() / 1000) - 120).setExpirationTime(Math.floor(Date.now() / 1000) - 60).setJti('j1').sign(key);
    const noExp = await base().setIssuedAt().setJti('j2').sign(key);
    const noJti = await base().setIssuedAt().setExpirationTime('30s').sign(key);
    const opts = { audience: 'admin', key, replay, body };
    expect(await reason(verifyContext(expired, opts))).toBe('ERR_JWT_EXPIRED');
    expect(await reason(verifyContext(noExp, opts))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await reason(verifyContext(noJti, opts))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('refuses alg none and a malformed ctx claim', async () => {
    const replay = memoryReplayCache();
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'fedmgmt-ctx+jwt' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(JSON.stringify({ ctx, bh: operationHash(body), iss: 'fedmgmt-gateway', aud: 'admin', iat: now, exp: now + 30, jti: 'x' })).toString('base64url');
    expect(await reason(verifyContext(`${header}.${payload}.`, { audience: 'admin', key, replay, body }))).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    const bad = await mintContext({ kind: 'root' } as unknown as AuthContext, { audience: 'admin', key, body });
    expect(await reason(verifyContext(bad, { audience: 'admin', key, replay, body }))).toBe('malformed ctx');
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
    expect([cache.remember('a', later), cache.remember('b', later), cache.remember('c', later)]).toEqual([true, true, false]);
  });

  it('makes room by dropping expired ids', () => {
    const cache = memoryReplayCache(2);
    expect([cache.remember('a', Date.now() - 1), cache.remember('b', Date.now() + 60_000), cache.remember('c', Date.now() + 60_000)]).toEqual([true, true, true]);
  });
});
