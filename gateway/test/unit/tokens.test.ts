import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { AuthFailure } from '../../src/auth/failures';
import { LOCAL_ISSUER, openLocalIssuer } from '../../src/auth/localIssuer';
import { tokenContext } from '../../src/auth/principal';
import { createTokenVerifier, readClaims, type TokenVerifier } from '../../src/auth/tokens';

const NAMES = { scope: 'scope', groups: 'groups', accountId: 'account_id', email: 'email' };
const ISS = 'https://idsvr.example/oauth/v2/oauth-anonymous';

describe('bearer token verification', () => {
  let verify: TokenVerifier;
  let key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  const sign = (
    claims: Record<string, unknown>,
    build: (j: SignJWT) => SignJWT = (j) => j.setExpirationTime('5m'),
    alg = 'RS256',
  ) =>
    build(
      new SignJWT(claims)
        .setProtectedHeader({ alg, kid: 'k1' })
        .setIssuer(ISS)
        .setAudience('fedmgmt')
        .setSubject('alice')
        .setIssuedAt(),
    ).sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    const jwks: JSONWebKeySet = {
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }],
    };
    verify = createTokenVerifier(
      [{ issuer: ISS, audience: 'fedmgmt', algorithms: ['RS256'], keys: { jwks } }],
      NAMES,
      0,
    );
  });

  const refused = async (token: string) => {
    const err = await verify(token).then(
      () => undefined,
      (e: unknown) => e,
    );
    return err instanceof AuthFailure ? [err.status, err.msg] : err;
  };

  it('reads subject, scopes, groups as strings or {value} objects, account id and email', async () => {
    const token = await sign({
      scope: 'read write read',
      groups: ['admin', { type: '', value: 'devops', primary: true }],
      account_id: 'acc-1',
      email: 'a@x.io',
    });
    expect(await verify(token)).toEqual({
      issuer: ISS,
      subject: 'alice',
      scopes: ['read', 'write'],
      groups: ['admin', 'devops'],
      accountId: 'acc-1',
      email: 'a@x.io',
    });
  });

  it('refuses a token without exp, an expired one, one not yet valid and a tampered one with 401', async () => {
    const denied = [401, 'Invalid or expired access token'];
    expect(await refused(await sign({}, (j) => j))).toEqual(denied);
    expect(
      await refused(await sign({}, (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 10))),
    ).toEqual(denied);
    expect(
      await refused(await sign({}, (j) => j.setExpirationTime('5m').setNotBefore('2m'))),
    ).toEqual(denied);
    const good = await sign({ scope: 'read' });
    const [h, , s] = good.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ iss: ISS, aud: 'fedmgmt', sub: 'root', exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(await refused(`${h}.${forgedPayload}.${s}`)).toEqual(denied);
  });

  it('refuses an algorithm that is not pinned, alg none, and an unknown issuer', async () => {
    const denied = [401, 'Invalid or expired access token'];
    const hs = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISS)
      .setAudience('fedmgmt')
      .setSubject('a')
      .setExpirationTime('5m')
      .sign(new Uint8Array(32));
    expect(await refused(hs)).toEqual(denied);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: ISS, aud: 'fedmgmt', sub: 'a', exp: 9_999_999_999 })).toString('base64url')}.`;
    expect(await refused(none)).toEqual(denied);
    const otherIss = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://evil')
      .setAudience('fedmgmt')
      .setSubject('a')
      .setExpirationTime('5m')
      .sign(key);
    expect(await refused(otherIss)).toEqual(denied);
  });

  it('refuses groups that are not a list of names', () => {
    expect(() => readClaims({ sub: 's', groups: 'admin' }, ISS, NAMES)).toThrow(
      'Invalid or expired access token',
    );
    expect(() => readClaims({ sub: 's', groups: [{ value: 3 }] }, ISS, NAMES)).toThrow(
      'Invalid or expired access token',
    );
  });

  it("falls back to Curity's admin groups claim when the configured one is absent", () => {
    expect(
      readClaims(
        { sub: 's', 'urn:se:curity:claims:admin:groups': [{ value: 'devops' }] },
        ISS,
        NAMES,
      ),
    ).toEqual({ issuer: ISS, subject: 's', scopes: [], groups: ['devops'] });
  });

  it('honours configured claim names', () => {
    const names = {
      scope: 'scp',
      groups: 'urn:se:curity:claims:admin:groups',
      accountId: 'accountId',
      email: 'mail',
    };
    expect(
      readClaims(
        {
          sub: 's',
          scp: ['a', 'b'],
          'urn:se:curity:claims:admin:groups': ['admin'],
          accountId: 'x',
        },
        ISS,
        names,
      ),
    ).toEqual({
      issuer: ISS,
      subject: 's',
      scopes: ['a', 'b'],
      groups: ['admin'],
      accountId: 'x',
    });
  });
});

describe('local dev issuer', () => {
  it('creates its key pair once under the data dir and mints tokens the verifier accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'issuer-'));
    try {
      const first = await openLocalIssuer(dir);
      const again = await openLocalIssuer(dir);
      expect(again.jwks).toEqual(first.jwks);
      expect(JSON.stringify(first.jwks)).not.toContain('"d"');
      const verify = createTokenVerifier(
        [
          {
            issuer: LOCAL_ISSUER,
            audience: 'fedmgmt',
            algorithms: ['ES256'],
            keys: { jwks: first.jwks },
            typ: 'at+jwt',
          },
        ],
        NAMES,
        0,
      );
      const token = await again.mint({
        audience: 'fedmgmt',
        subject: 'bob',
        scopes: ['read'],
        groups: ['accounts-admin'],
        accountId: 'acc-9',
      });
      expect(await verify(token)).toEqual({
        issuer: LOCAL_ISSUER,
        subject: 'bob',
        scopes: ['read'],
        groups: ['accounts-admin'],
        accountId: 'acc-9',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('token mapping to the admin subgraph', () => {
  const token = {
    issuer: ISS,
    subject: 'alice',
    scopes: ['read'],
    groups: [],
    email: 'alice@x.io',
  };
  it('gives a token no admin user by default, and a plain user by email when configured', () => {
    const mapping = { superadminGroups: ['accounts-admin'], superadminScopes: [] };
    expect(tokenContext(token, 'r1', { ...mapping, tokenAdminMapping: 'none' })).toEqual({
      kind: 'token',
      requestId: 'r1',
      subject: 'alice',
      scopes: ['read'],
      groups: [],
    });
    expect(tokenContext(token, 'r1', { ...mapping, tokenAdminMapping: 'email' }).user).toEqual({
      uuid: '',
      email: 'alice@x.io',
      role: 'user',
      domain: '',
    });
  });
});
