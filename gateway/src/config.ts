import { resolve } from 'node:path';
import { EnvReader } from '@fedmgmt/service-kit';

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
  subgraphTimeoutMs: number;
  subgraphMaxSockets: number;
  readyCacheMs: number;
  /** Dev only, until real authentication is configured: every caller acts as this user. */
  devUserEmail: string | undefined;
  production: boolean;
  logLevel: string;
}

function byPrefix(env: NodeJS.ProcessEnv, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith(prefix) && v) out[k.slice(prefix.length).toLowerCase()] = v;
  }
  return out;
}

/** The only place the gateway reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = new EnvReader(env);
  const secrets = byPrefix(env, 'INTERNAL_AUTH_SECRET_');
  for (const name of Object.keys(secrets)) e.secret(`INTERNAL_AUTH_SECRET_${name.toUpperCase()}`);
  const config: GatewayConfig = {
    host: e.string('GATEWAY_HOST', '127.0.0.1'),
    port: e.int('GATEWAY_PORT', 4000, 0, 65535),
    supergraphPath: resolve(e.string('SUPERGRAPH_PATH', resolve(__dirname, '..', 'supergraph.graphql'))),
    introspectAndCompose: e.bool('GATEWAY_DEV_INTROSPECT_AND_COMPOSE', false),
    watchSupergraph: e.bool('SUPERGRAPH_WATCH', true),
    subgraphUrls: byPrefix(env, 'SUBGRAPH_URL_'),
    internalAuthSecrets: secrets,
    contextTtlSeconds: e.int('INTERNAL_AUTH_TTL_SECONDS', 30, 1, 60),
    subgraphTimeoutMs: e.int('SUBGRAPH_TIMEOUT_MS', 5000, 50, 120_000),
    subgraphMaxSockets: e.int('SUBGRAPH_MAX_SOCKETS', 64, 1, 10_000),
    readyCacheMs: e.int('READY_CACHE_MS', 1000, 0, 60_000),
    devUserEmail: e.optional('GATEWAY_DEV_USER_EMAIL'),
    production: env.NODE_ENV === 'production',
    logLevel: e.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  };
  if (config.introspectAndCompose && config.production) {
    e.fail('GATEWAY_DEV_INTROSPECT_AND_COMPOSE is for local development only, not with NODE_ENV=production');
  }
  if (config.devUserEmail && config.production) {
    e.fail('GATEWAY_DEV_USER_EMAIL is for local development only, not with NODE_ENV=production');
  }
  e.finish();
  return config;
}
