import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from 'jose';

/**
 * Dev and test only: a token issuer whose ES256 key pair is generated on first start under a
 * data dir and reused afterwards. The gateway trusts its JWKS when LOCAL_ISSUER is on; the
 * CLI's `token` command mints tokens with it.
 */
export const LOCAL_ISSUER = 'urn:fedmgmt:local-issuer';
const ALG = 'ES256';
const FILE = 'local-issuer.jwk.json';

export interface LocalIssuer {
  issuer: string;
  jwks: JSONWebKeySet;
  mint(claims: LocalTokenClaims): Promise<string>;
}

export interface LocalTokenClaims {
  subject: string;
  audience: string;
  scopes?: string[];
  groups?: string[];
  accountId?: string;
  email?: string;
  ttlSeconds?: number;
  /** Claim names, when the gateway is configured with other ones. */
  claimNames?: { scope?: string; groups?: string; accountId?: string; email?: string };
}

async function loadOrCreate(dataDir: string): Promise<JWK> {
  const path = join(dataDir, FILE);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as JWK;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = ALG;
  try {
    await writeFile(path, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    return jwk;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return JSON.parse(await readFile(path, 'utf8')) as JWK;
    throw err;
  }
}

export async function openLocalIssuer(dataDir: string): Promise<LocalIssuer> {
  const jwk = await loadOrCreate(dataDir);
  const { d: _private, ...publicJwk } = jwk;
  const key = await importJWK(jwk, ALG);
  return {
    issuer: LOCAL_ISSUER,
    jwks: { keys: [{ ...publicJwk, use: 'sig' }] },
    mint: (c) => {
      const n = c.claimNames ?? {};
      const payload: Record<string, unknown> = {
        [n.scope ?? 'scope']: (c.scopes ?? []).join(' '),
        [n.groups ?? 'groups']: c.groups ?? [],
        ...(c.accountId ? { [n.accountId ?? 'account_id']: c.accountId } : {}),
        ...(c.email ? { [n.email ?? 'email']: c.email } : {}),
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: ALG, kid: jwk.kid, typ: 'at+jwt' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(c.audience)
        .setSubject(c.subject)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${c.ttlSeconds ?? 3600}s`)
        .sign(key);
    },
  };
}
