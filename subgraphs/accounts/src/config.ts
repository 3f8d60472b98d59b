import { EnvReader } from '@fedmgmt/service-kit';

export interface AccountsConfig {
  host: string;
  port: number;
  redisUrl: string;
  /** Every key this service writes starts with this; tests use their own. */
  keyPrefix: string;
  internalAuthSecret: string;
  logLevel: string;
  redis: { connectTimeout: number; commandTimeout: number; maxRetriesPerRequest: number };
}

/** The only place the accounts subgraph reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AccountsConfig {
  const e = new EnvReader(env);
  const config: AccountsConfig = {
    host: e.string('ACCOUNTS_HOST', '127.0.0.1'),
    port: e.int('ACCOUNTS_PORT', 4002, 0, 65535),
    redisUrl: e.url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379/0'),
    keyPrefix: e.string('ACCOUNTS_KEY_PREFIX', 'fm:'),
    internalAuthSecret: e.secret('INTERNAL_AUTH_SECRET'),
    logLevel: e.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    redis: {
      connectTimeout: e.int('REDIS_CONNECT_TIMEOUT_MS', 2000, 100, 60_000),
      commandTimeout: e.int('REDIS_COMMAND_TIMEOUT_MS', 1500, 50, 60_000),
      maxRetriesPerRequest: e.int('REDIS_MAX_RETRIES_PER_REQUEST', 1, 0, 20),
    },
  };
  e.finish();
  return config;
}
