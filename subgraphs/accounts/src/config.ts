import { createHash } from 'node:crypto';
import { EnvReader, type ObservabilityConfig, observabilityConfig } from '@fedmgmt/service-kit';
import {
  DEFAULT_MFA_FACTORS,
  parseMfaFactors,
  type SelfServiceConfig,
} from './selfservice/settings';

export type Crud = 'create' | 'read' | 'update' | 'delete';
export type Resource = 'accounts' | 'clients';
/** group name (or `*`) -> resource -> allowed operations. */
export type GroupRules = Record<string, Partial<Record<Resource, Crud[]>>>;

export interface AuthzConfig {
  /** Scopes a token caller must hold for each kind of operation (all of them). */
  requiredScopes: Record<Crud, string[]>;
  groupRules: GroupRules;
  /** Callers in this group administer accounts and clients; so do Backend.AI superadmins. */
  adminGroup: string;
  /** A token whose accountId is X sees and changes only account X and its clients. */
  selfService: boolean;
}

export interface CredentialPolicyConfig {
  minLength: number;
  minLowerCase: number;
  minUpperCase: number;
  minDigits: number;
  minSpecial: number;
  minUnique: number;
  maxSequence: number;
}

export interface ListingConfig {
  maxPageSize: number;
  defaultPageSize: number;
  /** Filter + sort on another attribute is sorted in memory up to this many matches, else refused. */
  maxInMemorySort: number;
  allowUnfiltered: boolean;
  allowEndsWith: boolean;
}

export interface AccountsConfig {
  host: string;
  port: number;
  redisUrl: string;
  /** Every key this service writes starts with this; tests use their own. */
  keyPrefix: string;
  internalAuthSecret: string;
  /** HMAC key for pagination cursors (defaults to one derived from INTERNAL_AUTH_SECRET). */
  cursorSecret: string;
  /** Optional static initial access token for the DCR endpoint (RFC 7591 §3). */
  dcrInitialAccessToken?: string;
  logLevel: string;
  redis: { connectTimeout: number; commandTimeout: number; maxRetriesPerRequest: number };
  authz: AuthzConfig;
  credentialPolicy: CredentialPolicyConfig;
  listing: ListingConfig;
  selfService: SelfServiceConfig;
  /** Metrics exposure and opt-in tracing (METRICS_*, OTEL_EXPORTER_OTLP_ENDPOINT). */
  observability: ObservabilityConfig;
}

const CRUD: Crud[] = ['create', 'read', 'update', 'delete'];

function list(raw: string): string[] {
  return raw.split(/[\s,]+/).filter((s) => s.length > 0);
}

/** ACCOUNTS_GROUP_RULES: JSON {"group": {"accounts": ["read"], "clients": ["create","read"]}}. */
function parseGroupRules(e: EnvReader, raw: string | undefined, adminGroup: string): GroupRules {
  const rules: GroupRules = { [adminGroup]: { accounts: [...CRUD], clients: [...CRUD] } };
  if (!raw) return rules;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    for (const [group, grants] of Object.entries(parsed as Record<string, unknown>)) {
      const g = (grants ?? {}) as Record<string, unknown>;
      rules[group] = {};
      for (const res of ['accounts', 'clients'] as const) {
        const ops = g[res] ?? [];
        if (!Array.isArray(ops) || ops.some((o) => !CRUD.includes(o as Crud)))
          throw new Error(`${group}.${res}`);
        rules[group][res] = ops as Crud[];
      }
    }
  } catch (err) {
    e.fail(
      `ACCOUNTS_GROUP_RULES must be JSON {"<group>": {"accounts": [crud...], "clients": [crud...]}} (${(err as Error).message})`,
    );
  }
  return rules;
}

function readAuthz(e: EnvReader): AuthzConfig {
  const adminGroup = e.string('ACCOUNTS_ADMIN_GROUP', 'accounts-admin');
  const requiredScopes = Object.fromEntries(
    CRUD.map((op) => [op, list(e.string(`ACCOUNTS_REQUIRED_SCOPES_${op.toUpperCase()}`, ' '))]),
  ) as Record<Crud, string[]>;
  return {
    requiredScopes,
    adminGroup,
    groupRules: parseGroupRules(e, e.optional('ACCOUNTS_GROUP_RULES'), adminGroup),
    selfService: e.bool('ACCOUNTS_SELF_SERVICE', true),
  };
}

function readPolicy(e: EnvReader): CredentialPolicyConfig {
  return {
    minLength: e.int('PASSWORD_MIN_LENGTH', 8, 1, 512),
    minLowerCase: e.int('PASSWORD_MIN_LOWERCASE', 1, 0, 512),
    minUpperCase: e.int('PASSWORD_MIN_UPPERCASE', 1, 0, 512),
    minDigits: e.int('PASSWORD_MIN_DIGITS', 1, 0, 512),
    minSpecial: e.int('PASSWORD_MIN_SPECIAL', 1, 0, 512),
    minUnique: e.int('PASSWORD_MIN_UNIQUE', 4, 0, 512),
    maxSequence: e.int('PASSWORD_MAX_SEQUENCE', 3, 1, 512),
  };
}

/** The only place the accounts subgraph reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AccountsConfig {
  const e = new EnvReader(env);
  const internalAuthSecret = e.secret('INTERNAL_AUTH_SECRET');
  const cursorSecret = e.optional('ACCOUNTS_CURSOR_SECRET');
  if (cursorSecret !== undefined && Buffer.byteLength(cursorSecret) < 32)
    e.fail('ACCOUNTS_CURSOR_SECRET must be at least 32 bytes');
  const dcrToken = e.optional('DCR_INITIAL_ACCESS_TOKEN');
  if (dcrToken !== undefined && Buffer.byteLength(dcrToken) < 32)
    e.fail('DCR_INITIAL_ACCESS_TOKEN must be at least 32 bytes');
  const config: AccountsConfig = {
    host: e.string('ACCOUNTS_HOST', '127.0.0.1'),
    port: e.int('ACCOUNTS_PORT', 4002, 0, 65535),
    redisUrl: e.url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379/0'),
    keyPrefix: e.string('ACCOUNTS_KEY_PREFIX', 'fm:'),
    internalAuthSecret,
    cursorSecret:
      cursorSecret ??
      createHash('sha256').update(`cursor\n${internalAuthSecret}`).digest('base64url'),
    ...(dcrToken !== undefined ? { dcrInitialAccessToken: dcrToken } : {}),
    logLevel: e.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    redis: {
      connectTimeout: e.int('REDIS_CONNECT_TIMEOUT_MS', 2000, 100, 60_000),
      commandTimeout: e.int('REDIS_COMMAND_TIMEOUT_MS', 500, 50, 60_000),
      maxRetriesPerRequest: e.int('REDIS_MAX_RETRIES_PER_REQUEST', 1, 0, 20),
    },
    authz: readAuthz(e),
    observability: observabilityConfig(e, 'fedmgmt-accounts', env.NODE_ENV === 'production'),
    credentialPolicy: readPolicy(e),
    listing: {
      maxPageSize: e.int('ACCOUNTS_MAX_PAGE_SIZE', 500, 1, 10_000),
      defaultPageSize: e.int('ACCOUNTS_DEFAULT_PAGE_SIZE', 50, 1, 10_000),
      maxInMemorySort: e.int('ACCOUNTS_MAX_IN_MEMORY_SORT', 1000, 0, 100_000),
      allowUnfiltered: e.bool('ACCOUNTS_ALLOW_UNFILTERED', true),
      allowEndsWith: e.bool('ACCOUNTS_ALLOW_ENDS_WITH', true),
    },
    selfService: readSelfService(e, internalAuthSecret),
  };
  e.finish();
  return config;
}

/** Self-service flows: codes, states, sender, TOTP, passkeys, opt-in MFA, reset links. */
function readSelfService(e: EnvReader, internalAuthSecret: string): SelfServiceConfig {
  const secret = e.optional('SELFSERVICE_SECRET');
  if (secret !== undefined && Buffer.byteLength(secret) < 32)
    e.fail('SELFSERVICE_SECRET must be at least 32 bytes');
  const webhookUrl =
    e.optional('SELFSERVICE_WEBHOOK_URL') !== undefined
      ? e.url('SELFSERVICE_WEBHOOK_URL', ['https:', 'http:'])
      : undefined;
  const sender = e.oneOf(
    'SELFSERVICE_SENDER',
    ['outbox', 'webhook'] as const,
    webhookUrl ? 'webhook' : 'outbox',
  );
  if (sender === 'webhook' && !webhookUrl)
    e.fail('SELFSERVICE_WEBHOOK_URL is required when SELFSERVICE_SENDER=webhook');
  let factors = DEFAULT_MFA_FACTORS;
  try {
    const raw = e.optional('MFA_FACTORS');
    if (raw !== undefined) factors = parseMfaFactors(raw);
  } catch (err) {
    e.fail(`MFA_FACTORS ${(err as Error).message}`);
  }
  const expires = e.int('TOTP_DEVICE_EXPIRES_IN_S', 0, 0, 10 * 365 * 86_400);
  return {
    secret:
      secret ??
      createHash('sha256').update(`selfservice\n${internalAuthSecret}`).digest('base64url'),
    stateTtlMs: e.int('SELFSERVICE_STATE_TTL_MS', 300_000, 10, 3_600_000),
    otpLength: e.int('SELFSERVICE_OTP_LENGTH', 6, 6, 10),
    maxAttempts: e.int('SELFSERVICE_MAX_ATTEMPTS', 5, 1, 100),
    sender: {
      kind: sender,
      ...(webhookUrl ? { webhookUrl } : {}),
      timeoutMs: e.int('SELFSERVICE_WEBHOOK_TIMEOUT_MS', 3000, 100, 60_000),
      outboxMax: e.int('SELFSERVICE_OUTBOX_MAX', 1000, 1, 100_000),
    },
    sendLimit: {
      max: e.int('SELFSERVICE_SEND_LIMIT', 10, 1, 10_000),
      windowMs: e.int('SELFSERVICE_SEND_WINDOW_MS', 900_000, 1000, 86_400_000),
    },
    totp: {
      issuer: e.string('TOTP_ISSUER', 'fedmgmt'),
      digits: Number(e.oneOf('TOTP_DIGITS', ['6', '7', '8'] as const, '6')) as 6 | 7 | 8,
      period: e.int('TOTP_PERIOD_S', 30, 10, 300),
      algorithm: e.oneOf('TOTP_ALGORITHM', ['sha1', 'sha256', 'sha512'] as const, 'sha1'),
      skew: e.int('TOTP_SKEW', 1, 0, 10),
      deviceType: e.string('TOTP_DEVICE_TYPE', 'totp'),
      ...(expires > 0 ? { deviceExpiresInS: expires } : {}),
    },
    webauthn: {
      rpId: e.string('WEBAUTHN_RP_ID', 'localhost'),
      rpName: e.string('WEBAUTHN_RP_NAME', 'fedmgmt'),
      origins: list(e.string('WEBAUTHN_ORIGINS', 'http://localhost:3000')),
      deviceType: e.string('WEBAUTHN_DEVICE_TYPE', 'webauthn'),
    },
    mfa: { factors, recoveryCodes: e.int('MFA_RECOVERY_CODES', 10, 0, 50) },
    links: {
      passwordReset: e.url(
        'PASSWORD_RESET_URL',
        ['https:', 'http:'],
        'http://localhost:3000/reset-password',
      ),
      activation: e.url(
        'ACCOUNT_ACTIVATION_URL',
        ['https:', 'http:'],
        'http://localhost:3000/activate',
      ),
      ttlMs: e.int('SELFSERVICE_LINK_TTL_MS', 86_400_000, 10, 30 * 86_400_000),
    },
  };
}
