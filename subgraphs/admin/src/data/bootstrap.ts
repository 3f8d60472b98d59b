import { randomUUID } from 'node:crypto';
import { hashPassword } from '../passwords';
import type { DomainDoc, RecordDoc, UserDoc } from './documents';
import type { Repositories } from './repositories';

/** Backend.AI's documented dev superadmin and keypair: dev stacks and tests only, never production. */
export const DEV_SUPERADMIN = {
  email: 'admin@lablup.com',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

export interface BootstrapSuperadmin {
  email: string;
  accessKey: string;
  secretKey: string;
  password?: string;
}

export interface BootstrapResult {
  created: string[];
  userUuid: string;
}

export function defaultDomain(now = new Date()): DomainDoc {
  return {
    _id: 'default',
    name: 'default',
    description: 'The default domain',
    is_active: true,
    total_resource_slots: '{}',
    allowed_vfolder_hosts: '{}',
    allowed_docker_registries: ['cr.backend.ai'],
    integration_id: null,
    created_at: now,
    modified_at: now,
  };
}

export function defaultKeypairPolicy(now = new Date()): RecordDoc {
  return {
    _id: 'default',
    name: 'default',
    created_at: now,
    default_for_unspecified: 'UNLIMITED',
    total_resource_slots: '{}',
    max_session_lifetime: 0,
    max_concurrent_sessions: 30,
    max_containers_per_session: 1,
    idle_timeout: 3600,
    allowed_vfolder_hosts: '{}',
    max_concurrent_sftp_sessions: 1,
    max_pending_session_count: null,
    max_pending_session_resource_slots: null,
  };
}

async function ensure<T extends { _id: string }>(
  repo: { findOne(f: object): Promise<T | null>; insert(d: T): Promise<T> },
  doc: T,
  label: string,
  created: string[],
): Promise<T> {
  const existing = await repo.findOne({ _id: doc._id });
  if (existing) return existing;
  await repo.insert(doc);
  created.push(label);
  return doc;
}

/**
 * Idempotently creates the default domain and policies, the superadmin user and its keypair.
 * Running it again changes nothing; an existing user or keypair is left as it is.
 */
export async function ensureBootstrapSuperadmin(
  repos: Repositories,
  opts: BootstrapSuperadmin,
): Promise<BootstrapResult> {
  const created: string[] = [];
  const now = new Date();
  await ensure(repos.domains, defaultDomain(now), 'domain default', created);
  await ensure(
    repos.keypairPolicies,
    defaultKeypairPolicy(now),
    'keypair resource policy default',
    created,
  );
  const named = {
    _id: 'default',
    name: 'default',
    created_at: now,
    max_vfolder_count: 0,
    max_quota_scope_size: -1,
  };
  await ensure(
    repos.userPolicies,
    { ...named, max_session_count_per_model_session: 10, max_customized_image_count: 3 },
    'user resource policy default',
    created,
  );
  await ensure(repos.projectPolicies, named, 'project resource policy default', created);
  let user = await repos.users.byEmail(opts.email);
  if (!user) {
    user = superadminDoc(opts, opts.password ? await hashPassword(opts.password) : undefined, now);
    await repos.users.insert(user);
    created.push(`user ${opts.email}`);
  }
  const kp = await repos.keypairs.findOne({ _id: opts.accessKey });
  if (!kp) {
    await repos.keypairs.create({
      access_key: opts.accessKey,
      secret_key: opts.secretKey,
      user_id: user.email,
      user: user._id,
      domain_name: user.domain_name,
      is_active: true,
      is_admin: true,
      resource_policy: 'default',
      rate_limit: 30_000,
    });
    created.push(`keypair ${opts.accessKey}`);
  }
  return { created, userUuid: user._id };
}

function superadminDoc(
  opts: BootstrapSuperadmin,
  password: string | undefined,
  now: Date,
): UserDoc {
  return {
    _id: randomUUID(),
    email: opts.email,
    username: opts.email.split('@')[0] ?? opts.email,
    ...(password ? { password } : {}),
    need_password_change: false,
    full_name: 'Admin Lablup',
    description: 'Bootstrap superadmin',
    role: 'superadmin',
    domain_name: 'default',
    is_active: true,
    status: 'active',
    status_info: null,
    resource_policy: 'default',
    allowed_client_ip: null,
    totp_activated: false,
    totp_activated_at: null,
    sudo_session_enabled: false,
    main_access_key: opts.accessKey,
    created_at: now,
    modified_at: now,
  };
}
