/**
 * Gateway authentication benchmark (a script, not a test).
 *
 *   npm run bench:auth                     # 100k requests per path (plus 10k for HMAC verify alone)
 *   BENCH_AUTH_REQUESTS=20000 npm run bench:auth
 *
 * Measures, in process and without network, the per-request cost of what the gateway does
 * before a query plan runs: verifying a Backend.AI HMAC-signed request (header parse, date
 * window, cached keypair, two HMAC chains, constant-time compare, replay check) or a bearer
 * token (ES256 via jose), building the forwarded context, and minting the signed per-subgraph
 * context for both subgraphs. Redis is replaced by an in-memory replay store so that the figure
 * is the CPU cost alone; the Redis round trip (SET NX + the rate-limit script) comes on top.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintContext, secretKey } from '@fedmgmt/service-kit';
import {
  type SignedRequest,
  verifyKeypairRequest,
  cachedKeypairSource,
  type KeypairRecord,
  openLocalIssuer,
  keypairContext,
  tokenContext,
  type ReplayStore,
  signRequest,
  createTokenVerifier,
} from '@fedmgmt/gateway';

const N = Number(process.env.BENCH_AUTH_REQUESTS ?? 100_000);
const out = (s: string) => process.stdout.write(`${s}\n`);
const KP: KeypairRecord = {
  access_key: 'AKIAIOSFODNN7EXAMPLE',
  secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  is_active: true,
  is_admin: true,
  rate_limit: 0,
  allowed_client_ip: null,
  user: {
    uuid: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    email: 'admin@lablup.com',
    role: 'superadmin',
    domain: 'default',
  },
};
const MAPPING = {
  superadminGroups: ['accounts-admin'],
  superadminScopes: [],
  tokenAdminMapping: 'none' as const,
};
const KEYS = { admin: secretKey('a'.repeat(43)), accounts: secretKey('b'.repeat(43)) };
const URL_ = 'http://127.0.0.1:4000/graphql';

function memoryReplay(): ReplayStore {
  const seen = new Set<string>();
  return { remember: async (ak, sig) => (seen.has(ak + sig) ? false : (seen.add(ak + sig), true)) };
}

async function mintBoth(
  ctx: Parameters<typeof mintContext>[0],
  body: { query: string },
): Promise<void> {
  await mintContext(ctx, { audience: 'admin', key: KEYS.admin, body });
  await mintContext(ctx, { audience: 'accounts', key: KEYS.accounts, body });
}

function signedRequests(n: number): { req: SignedRequest; body: { query: string } }[] {
  const host = new URL(URL_).host;
  return Array.from({ length: n }, (_, i) => {
    const body = { query: `{ user { email } } # ${i}` };
    const text = JSON.stringify(body);
    const headers = signRequest({
      accessKey: KP.access_key,
      secretKey: KP.secret_key,
      method: 'POST',
      url: URL_,
      body: text,
    });
    return {
      req: {
        method: 'POST',
        path: '/graphql',
        headers: { ...headers, host },
        rawBody: Buffer.from(text),
        remoteAddress: '127.0.0.1',
      },
      body,
    };
  });
}

function report(name: string, samplesNs: BigInt64Array): void {
  const us = Array.from(samplesNs, (ns) => Number(ns) / 1000).sort((a, b) => a - b);
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  const at = (q: number) => us[Math.min(us.length - 1, Math.floor(q * us.length))]!.toFixed(1);
  out(
    `${name.padEnd(44)} mean ${mean.toFixed(1).padStart(6)} µs   p50 ${at(0.5).padStart(6)}   p99 ${at(0.99).padStart(6)}   (${us.length} requests)`,
  );
}

async function timeEach<T>(items: T[], fn: (item: T) => Promise<void>): Promise<BigInt64Array> {
  const samples = new BigInt64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const t0 = process.hrtime.bigint();
    await fn(items[i]!);
    samples[i] = process.hrtime.bigint() - t0;
  }
  return samples;
}

async function main(): Promise<void> {
  out(
    `gateway auth benchmark: ${N} requests per path, Node ${process.version}, in process, no network`,
  );
  const keypairs = cachedKeypairSource({ get: async () => KP }, 3_600_000, 1000);
  const opts = { keypairs, replay: memoryReplay(), skewMs: 300_000, requireBodyHash: false };
  out('preparing signed requests…');
  const verifyOnly = Math.ceil(N / 10);
  const signed = signedRequests(N + verifyOnly);
  report(
    'HMAC verify alone',
    await timeEach(
      signed.slice(N),
      async ({ req }) => void (await verifyKeypairRequest(req, opts)),
    ),
  );
  report(
    'HMAC verify + context + mint for 2 subgraphs',
    await timeEach(signed.slice(0, N), async ({ req, body }) => {
      const kp = await verifyKeypairRequest(req, opts);
      await mintBoth(keypairContext(kp, 'r', MAPPING), body);
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-auth-'));
  try {
    const issuer = await openLocalIssuer(dir);
    const verify = createTokenVerifier(
      [
        {
          issuer: issuer.issuer,
          audience: 'fedmgmt',
          algorithms: ['ES256'],
          keys: { jwks: issuer.jwks },
        },
      ],
      { scope: 'scope', groups: 'groups', accountId: 'account_id', email: 'email' },
      0,
    );
    const token = await issuer.mint({
      audience: 'fedmgmt',
      subject: 'alice',
      scopes: ['read'],
      groups: ['devops'],
      accountId: 'acc-1',
    });
    const body = { query: '{ accountById(accountId: "acc-1") { id } }' };
    report(
      'token verify + context + mint for 2 subgraphs',
      await timeEach(
        Array.from({ length: N }, () => token),
        async (t) => {
          await mintBoth(tokenContext(await verify(t), 'r', MAPPING), body);
        },
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:auth failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
