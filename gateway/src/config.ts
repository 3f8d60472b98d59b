import { resolve } from 'node:path';
import { EnvReader, type ObservabilityConfig, observabilityConfig } from '@fedmgmt/service-kit';
import { exactOrigin } from './cors';

/** The gateway's default per-fetch deadline for a query to a subgraph (SUBGRAPH_TIMEOUT_MS). */
export const DEFAULT_QUERY_DEADLINE_MS = 800;

export interface TokenConfig {
  /** An external issuer (e.g. Curity); unset = only the local dev issuer, if on. */
  issuer: string | undefined;
  audience: string;
  jwksUrl: string | undefined;
  /** Static keys: a JWKS document as JSON. */
  jwks: string | undefined;
  algorithms: string[];
  typ: string | undefined;
  clockToleranceSeconds: number;
  /** How long a verified token is remembered (never past its exp); 0 verifies every request. */
  verifyCacheMs: number;
  claims: { scope: string; groups: string; accountId: string; email: string };
  /** Dev/test: trust (and create under dataDir) the local issuer's key pair. */
  localIssuer: boolean;
  dataDir: string;
}

export interface AuthConfig {
  redisUrl: string;
  redisPrefix: string;
  redisConnectTimeoutMs: number;
  redisCommandTimeoutMs: number;
  /** Origin of the admin subgraph's internal keypair route. */
  keypairSourceOrigin: string;
  keypairCacheTtlMs: number;
  keypairNegativeCacheTtlMs: number;
  keypairLookupTimeoutMs: number;
  /** How long a verified keypair may still be served while the admin subgraph is unreachable. */
  keypairStaleMaxMs: number;
  hmacSkewSeconds: number;
  hmacRequireBodyHash: boolean;
  /** What a superadmin keypair carries into the accounts subgraph. */
  superadminGroups: string[];
  superadminScopes: string[];
  /** What a token may do in the admin subgraph: nothing, or act as a plain user by its email claim. */
  tokenAdminMapping: 'none' | 'email';
  /** Requests per rolling 900 s window for one token subject (0: no limit). */
  tokenRateLimit: number;
  tokens: TokenConfig;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  maxBodyBytes: number;
  /** Levels of objects/arrays `variables` may nest (checked on the raw body, before parsing). */
  maxVariablesDepth: number;
  /** 'authenticated': any authenticated caller may introspect; 'off': nobody. */
  introspection: 'authenticated' | 'off';
}

/**
 * Browser origins allowed to call the gateway (CORS). CORS_ORIGINS lists exact origins
 * (`https://console.example.com`), or `loopback` (any port on localhost, 127.0.0.1, [::1]), or `none`.
 * Default: `none` with NODE_ENV=production, `loopback` otherwise.
 */
export interface CorsConfig {
  origins: string[];
  loopback: boolean;
}

export interface GatewayConfig {
  host: string;
  port: number;
  supergraphPath: string;
  /** Dev only: compose from live subgraphs instead of the file. */
  introspectAndCompose: boolean;
  watchSupergraph: boolean;
  /** Per-subgraph routing overrides, from SUBGRAPH_URL_<NAME>. */
  subgraphUrls: Record<string, string>;
  /** Per-subgraph secrets for minting auth contexts, from INTERNAL_AUTH_SECRET_<NAME>. */
  internalAuthSecrets: Record<string, string>;
  contextTtlSeconds: number;
  /** Per-fetch deadline for queries (and health checks), and for mutations, which may take longer. */
  subgraphTimeoutMs: number;
  subgraphMutationTimeoutMs: number;
  /** Per-subgraph overrides, from SUBGRAPH_TIMEOUT_MS_<NAME> and SUBGRAPH_MUTATION_TIMEOUT_MS_<NAME>. */
  subgraphTimeouts: Record<string, { queryMs?: number; mutationMs?: number }>;
  subgraphMaxSockets: number;
  readyCacheMs: number;
  auth: AuthConfig;
  limits: LimitsConfig;
  cors: CorsConfig;
  production: boolean;
  logLevel: string;
  /** Identical concurrent queries from one caller run once (see dedup.ts). */
  inboundDedup: boolean;
  /** Identical in-flight subgraph fetches for one caller are sent once (see subgraphClient.ts). */
  subgraphDedup: boolean;
  /** Which query-plan executor runs plans: ours (executor/) or @apollo/gateway's own. */
  executor: 'own' | 'apollo';
  /** Worker processes (node:cluster) serving the port; 1 = this process alone. */
  workers: number;
  /** Metrics exposure (METRICS_PORT / METRICS_TOKEN / METRICS_OPEN) and opt-in tracing (OTEL_EXPORTER_OTLP_ENDPOINT). */
  observability: ObservabilityConfig;
  /** GraphiQL at GET /graphiql and browser GETs of /graphql (GRAPHIQL; default on outside production). */
  graphiql: boolean;
}

function byPrefix(env: NodeJS.ProcessEnv, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith(prefix) && v) out[k.slice(prefix.length).toLowerCase()] = v;
  }
  return out;
}

/** SUBGRAPH_TIMEOUT_MS_<NAME> / SUBGRAPH_MUTATION_TIMEOUT_MS_<NAME>, validated like the defaults. */
function subgraphTimeouts(e: EnvReader, env: NodeJS.ProcessEnv): GatewayConfig['subgraphTimeouts'] {
  const out: GatewayConfig['subgraphTimeouts'] = {};
  for (const [prefix, field] of [
    ['SUBGRAPH_TIMEOUT_MS_', 'queryMs'],
    ['SUBGRAPH_MUTATION_TIMEOUT_MS_', 'mutationMs'],
  ] as const) {
    for (const name of Object.keys(byPrefix(env, prefix))) {
      (out[name] ??= {})[field] = e.int(`${prefix}${name.toUpperCase()}`, 0, 50, 600_000);
    }
  }
  return out;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function tokenConfig(e: EnvReader, production: boolean): TokenConfig {
  const tokens: TokenConfig = {
    issuer: e.optional('TOKEN_ISSUER'),
    audience: e.string('TOKEN_AUDIENCE', 'fedmgmt'),
    jwksUrl: e.optional('TOKEN_JWKS_URL') && e.url('TOKEN_JWKS_URL', ['https:', 'http:']),
    jwks: e.optional('TOKEN_JWKS'),
    algorithms: list(e.string('TOKEN_ALGORITHMS', 'RS256,ES256')),
    typ: e.optional('TOKEN_TYP'),
    clockToleranceSeconds: e.int('TOKEN_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    verifyCacheMs: e.int('TOKEN_VERIFY_CACHE_MS', 30_000, 0, 300_000),
    claims: {
      scope: e.string('TOKEN_SCOPE_CLAIM', 'scope'),
      groups: e.string('TOKEN_GROUPS_CLAIM', 'groups'),
      accountId: e.string('TOKEN_ACCOUNT_ID_CLAIM', 'account_id'),
      email: e.string('TOKEN_EMAIL_CLAIM', 'email'),
    },
    localIssuer: e.bool('LOCAL_ISSUER', false),
    dataDir: resolve(
      e.string('GATEWAY_DATA_DIR', resolve(__dirname, '..', '..', '.data', 'gateway')),
    ),
  };
  if (tokens.issuer && !tokens.jwksUrl && !tokens.jwks)
    e.fail('TOKEN_ISSUER needs TOKEN_JWKS_URL or TOKEN_JWKS');
  if (tokens.algorithms.some((a) => !/^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/.test(a))) {
    e.fail('TOKEN_ALGORITHMS may list only asymmetric algorithms (RS*, PS*, ES*, EdDSA)');
  }
  if (tokens.localIssuer && production)
    e.fail('LOCAL_ISSUER is for development and tests only, not with NODE_ENV=production');
  return tokens;
}

function authConfig(
  e: EnvReader,
  subgraphUrls: Record<string, string>,
  production: boolean,
): AuthConfig {
  const adminUrl = subgraphUrls.admin ?? 'http://127.0.0.1:4001/graphql';
  return {
    redisUrl: e.url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
    redisPrefix: e.string('GATEWAY_REDIS_PREFIX', 'fedmgmt:gw:'),
    redisConnectTimeoutMs: e.int('REDIS_CONNECT_TIMEOUT_MS', 2000, 100, 60_000),
    redisCommandTimeoutMs: e.int('REDIS_COMMAND_TIMEOUT_MS', 300, 50, 60_000),
    keypairSourceOrigin: new URL(e.url('KEYPAIR_SOURCE_URL', ['http:', 'https:'], adminUrl)).origin,
    keypairCacheTtlMs: e.int('KEYPAIR_CACHE_TTL_MS', 60_000, 0, 3_600_000),
    keypairNegativeCacheTtlMs: e.int('KEYPAIR_NEGATIVE_CACHE_TTL_MS', 2000, 0, 60_000),
    keypairLookupTimeoutMs: e.int('KEYPAIR_LOOKUP_TIMEOUT_MS', 800, 100, 30_000),
    keypairStaleMaxMs: e.int('KEYPAIR_STALE_MAX_MS', 600_000, 0, 86_400_000),
    hmacSkewSeconds: e.int('HMAC_CLOCK_SKEW_SECONDS', 300, 10, 900),
    hmacRequireBodyHash: e.bool('HMAC_REQUIRE_BODY_HASH', false),
    superadminGroups: list(e.string('SUPERADMIN_ACCOUNTS_GROUPS', 'accounts-admin')),
    superadminScopes: list(e.optional('SUPERADMIN_ACCOUNTS_SCOPES') ?? ''),
    tokenAdminMapping: e.oneOf('TOKEN_ADMIN_MAPPING', ['none', 'email'], 'none'),
    tokenRateLimit: e.int('TOKEN_RATE_LIMIT', 3000, 0, 10_000_000),
    tokens: tokenConfig(e, production),
  };
}

function limitsConfig(e: EnvReader): LimitsConfig {
  return {
    maxDepth: e.int('GATEWAY_MAX_DEPTH', 12, 1, 1000),
    maxAliases: e.int('GATEWAY_MAX_ALIASES', 15, 0, 10_000),
    maxRootFields: e.int('GATEWAY_MAX_ROOT_FIELDS', 20, 1, 10_000),
    maxDirectives: e.int('GATEWAY_MAX_DIRECTIVES', 50, 0, 10_000),
    maxTokens: e.int('GATEWAY_MAX_TOKENS', 5000, 100, 1_000_000),
    maxBodyBytes: e.int('GATEWAY_MAX_BODY_BYTES', 1_000_000, 1024, 50_000_000),
    maxVariablesDepth: e.int('GATEWAY_MAX_VARIABLES_DEPTH', 64, 1, 1000),
    introspection: e.oneOf('GATEWAY_INTROSPECTION', ['authenticated', 'off'], 'authenticated'),
  };
}

function corsConfig(e: EnvReader, production: boolean): CorsConfig {
  const out: CorsConfig = { origins: [], loopback: false };
  for (const entry of list(e.optional('CORS_ORIGINS') ?? (production ? 'none' : 'loopback'))) {
    const origin = entry === 'loopback' || entry === 'none' ? entry : exactOrigin(entry);
    if (origin === 'loopback') out.loopback = true;
    else if (origin === undefined)
      e.fail(
        `CORS_ORIGINS entries must be exact origins like https://console.example.com (or loopback, none), got "${entry}"`,
      );
    else if (origin !== 'none') out.origins.push(origin);
  }
  return out;
}

/** The only place the gateway reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = new EnvReader(env);
  const secrets = byPrefix(env, 'INTERNAL_AUTH_SECRET_');
  for (const name of Object.keys(secrets)) e.secret(`INTERNAL_AUTH_SECRET_${name.toUpperCase()}`);
  const production = env.NODE_ENV === 'production';
  const subgraphUrls = byPrefix(env, 'SUBGRAPH_URL_');
  const config: GatewayConfig = {
    host: e.string('GATEWAY_HOST', '127.0.0.1'),
    port: e.int('GATEWAY_PORT', 4000, 0, 65535),
    supergraphPath: resolve(
      e.string('SUPERGRAPH_PATH', resolve(__dirname, '..', 'supergraph.graphql')),
    ),
    introspectAndCompose: e.bool('GATEWAY_DEV_INTROSPECT_AND_COMPOSE', false),
    watchSupergraph: e.bool('SUPERGRAPH_WATCH', true),
    subgraphUrls,
    internalAuthSecrets: secrets,
    contextTtlSeconds: e.int('INTERNAL_AUTH_TTL_SECONDS', 30, 1, 60),
    subgraphTimeoutMs: e.int('SUBGRAPH_TIMEOUT_MS', DEFAULT_QUERY_DEADLINE_MS, 50, 120_000),
    subgraphMutationTimeoutMs: e.int('SUBGRAPH_MUTATION_TIMEOUT_MS', 5000, 50, 600_000),
    subgraphTimeouts: subgraphTimeouts(e, env),
    subgraphMaxSockets: e.int('SUBGRAPH_MAX_SOCKETS', 64, 1, 10_000),
    readyCacheMs: e.int('READY_CACHE_MS', 1000, 0, 60_000),
    auth: authConfig(e, subgraphUrls, production),
    limits: limitsConfig(e),
    cors: corsConfig(e, production),
    production,
    logLevel: e.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    inboundDedup: e.bool('GATEWAY_INBOUND_DEDUP', true),
    subgraphDedup: e.bool('GATEWAY_SUBGRAPH_DEDUP', true),
    executor: e.oneOf('GATEWAY_EXECUTOR', ['own', 'apollo'], 'own'),
    workers: e.int('GATEWAY_WORKERS', 1, 1, 64),
    observability: observabilityConfig(e, 'fedmgmt-gateway', production),
    graphiql: e.bool('GRAPHIQL', !production),
  };
  if (config.introspectAndCompose && production) {
    e.fail(
      'GATEWAY_DEV_INTROSPECT_AND_COMPOSE is for local development only, not with NODE_ENV=production',
    );
  }
  e.finish();
  return config;
}
