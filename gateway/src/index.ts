/**
 * The gateway's front door: everything another workspace (the test stack, scripts/, bench/) may use.
 * Nothing outside gateway/ imports its other files (eslint.config.mjs, "workspace walls").
 */
// Service: typed config from the environment, build without listening, start.
export { DEFAULT_QUERY_DEADLINE_MS, type GatewayConfig, loadConfig } from './config';
export { buildGateway, type BuiltGateway, createGateway, type GatewayDeps, start } from './server';
// Clients: sign a Backend.AI keypair request; mint tokens from the local development issuer.
export { DEFAULT_API_VERSION, signRequest, type SignRequestInput } from './auth/signer';
export { type LocalIssuer, type LocalTokenClaims, openLocalIssuer } from './auth/localIssuer';
// Bench seams (bench/auth, bench/gateways): the authentication steps and the fetch dedup, one by one.
export { type SignedRequest, verifyKeypairRequest } from './auth/keypairAuth';
export { cachedKeypairSource, type KeypairRecord } from './auth/keypairs';
export { keypairContext, tokenContext } from './auth/principal';
export type { ReplayStore } from './auth/redisState';
export { createTokenVerifier } from './auth/tokens';
export { dedupFetches } from './fetchDedup';
