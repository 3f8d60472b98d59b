/**
 * Our gateway the way users run it: NODE_ENV=production, a bearer token checked against a static
 * JWKS (TOKEN_JWKS), each subgraph with its own internal-context secret, the composed supergraph
 * from a file. Anything in the bench's environment named BENCH_OURS_<VAR> is passed on as <VAR>
 * (e.g. BENCH_OURS_GATEWAY_WORKERS=1) to measure one lever at a time.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const ISSUER = 'https://issuer.bench.invalid';
const AUDIENCE = 'fedmgmt';

export interface OursSetup {
  /** Bearer token the load sends (to every gateway; only ours checks it). */
  token: string;
  env: Record<string, string>;
  /** Secrets the bench subgraphs verify our contexts with. */
  subgraphEnv: Record<string, string>;
}

export async function oursSetup(subgraphs: string[]): Promise<OursSetup> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const token = await new SignJWT({ scope: 'bench', groups: [] })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('bench-user')
    .setIssuedAt()
    .setExpirationTime('4h')
    .sign(privateKey);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    TOKEN_ISSUER: ISSUER,
    TOKEN_AUDIENCE: AUDIENCE,
    TOKEN_JWKS: JSON.stringify({ keys: [jwk] }),
    TOKEN_ALGORITHMS: 'ES256',
    TOKEN_TYP: 'at+jwt',
    TOKEN_RATE_LIMIT: '0',
    SUPERGRAPH_WATCH: 'false',
    GATEWAY_REDIS_PREFIX: 'fedmgmt:bench:',
    LOG_LEVEL: 'warn',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
  const subgraphEnv: Record<string, string> = {};
  for (const name of subgraphs) {
    const secret = randomBytes(32).toString('base64url');
    env[`INTERNAL_AUTH_SECRET_${name.toUpperCase()}`] = secret;
    subgraphEnv[`BENCH_SECRET_${name.toUpperCase()}`] = secret;
  }
  for (const [k, v] of Object.entries(process.env))
    if (k.startsWith('BENCH_OURS_') && v !== undefined) env[k.slice('BENCH_OURS_'.length)] = v;
  return { token, env, subgraphEnv };
}
