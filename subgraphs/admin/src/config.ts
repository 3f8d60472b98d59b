import { EnvReader, type ObservabilityConfig, observabilityConfig } from '@fedmgmt/service-kit';

export interface AdminConfig {
  host: string;
  port: number;
  mongoUrl: string;
  mongoDb: string;
  internalAuthSecret: string;
  /** AES-256-GCM key (32 bytes) that encrypts keypair secret keys at rest. */
  secretEncryptionKey: Buffer;
  /** Optional: keypair invalidations are published and usage counters read here. */
  redisUrl: string | undefined;
  redis: { connectTimeout: number; commandTimeout: number; maxRetriesPerRequest: number };
  logLevel: string;
  /** Bounded so a dead or hung MongoDB answers SERVICE_UNAVAILABLE within about 1 s (README "Failures"); monitorCommands: on when tracing is, for the store spans (service-kit traceMongo). */
  mongo: {
    serverSelectionTimeoutMS: number;
    connectTimeoutMS: number;
    socketTimeoutMS: number;
    maxTimeMS: number;
    waitQueueTimeoutMS?: number;
    maxPoolSize: number;
    monitorCommands?: boolean;
  };
  /** Metrics exposure and opt-in tracing (METRICS_*, OTEL_EXPORTER_OTLP_ENDPOINT). */
  observability: ObservabilityConfig;
  /** Upper bound for `limit` on every *_list field (ADMIN_LIST_LIMIT_MAX, default 100). */
  listLimitMax: number;
}

/** Reads a base64 32-byte key; a missing or malformed key is a config error, never a silent default. */
function encryptionKey(e: EnvReader, env: NodeJS.ProcessEnv, name: string): Buffer {
  const raw = env[name];
  if (!raw) {
    e.fail(`${name} is required (base64 of 32 random bytes, e.g. \`openssl rand -base64 32\`)`);
    return Buffer.alloc(0);
  }
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.replace(/\s/g, '')) {
    e.fail(`${name} must be base64 of exactly 32 bytes`);
  }
  return key;
}

/** The only place the admin subgraph reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AdminConfig {
  const e = new EnvReader(env);
  const observability = observabilityConfig(e, 'fedmgmt-admin', env.NODE_ENV === 'production');
  const config: AdminConfig = {
    host: e.string('ADMIN_HOST', '127.0.0.1'),
    port: e.int('ADMIN_PORT', 4001, 0, 65535),
    mongoUrl: e.url('MONGO_URL', ['mongodb:', 'mongodb+srv:']),
    mongoDb: e.string('MONGO_DB', 'fedmgmt_admin'),
    internalAuthSecret: e.secret('INTERNAL_AUTH_SECRET'),
    secretEncryptionKey: encryptionKey(e, env, 'ADMIN_SECRET_ENCRYPTION_KEY'),
    redisUrl: e.optional('REDIS_URL'),
    redis: {
      connectTimeout: e.int('REDIS_CONNECT_TIMEOUT_MS', 2000, 100, 60_000),
      commandTimeout: e.int('REDIS_COMMAND_TIMEOUT_MS', 1500, 50, 60_000),
      maxRetriesPerRequest: e.int('REDIS_MAX_RETRIES_PER_REQUEST', 1, 0, 20),
    },
    logLevel: e.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    mongo: {
      serverSelectionTimeoutMS: e.int('MONGO_SERVER_SELECTION_TIMEOUT_MS', 700, 100, 60_000),
      connectTimeoutMS: e.int('MONGO_CONNECT_TIMEOUT_MS', 700, 100, 60_000),
      socketTimeoutMS: e.int('MONGO_SOCKET_TIMEOUT_MS', 900, 100, 300_000),
      maxTimeMS: e.int('MONGO_MAX_TIME_MS', 5000, 10, 300_000),
      waitQueueTimeoutMS: e.int('MONGO_WAIT_QUEUE_TIMEOUT_MS', 500, 10, 60_000),
      maxPoolSize: e.int('MONGO_MAX_POOL_SIZE', 20, 1, 1000),
      monitorCommands:
        observability.tracing.endpoint !== undefined || e.bool('MONGO_MONITOR_COMMANDS', false),
    },
    observability,
    listLimitMax: e.int('ADMIN_LIST_LIMIT_MAX', 100, 1, 10_000),
  };
  e.finish();
  return config;
}
