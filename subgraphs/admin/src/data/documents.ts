/** The shapes stored in MongoDB. `_id` is the natural key (uuid, name or access key). JSONString fields are stored as JSON text. */

export type Role = 'superadmin' | 'admin' | 'user' | 'monitor';
export const ROLES: readonly Role[] = ['superadmin', 'admin', 'user', 'monitor'];
export const USER_STATUSES = ['active', 'inactive', 'deleted', 'before-verification'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface UserDoc {
  _id: string; // uuid
  email: string;
  username: string;
  /** argon2id hash; never returned. Absent for users created outside the API. */
  password?: string;
  need_password_change?: boolean;
  full_name: string;
  description?: string;
  role: Role;
  domain_name: string;
  is_active: boolean;
  status?: UserStatus;
  status_info?: string | null;
  resource_policy?: string;
  allowed_client_ip?: string[] | null;
  totp_activated?: boolean;
  totp_activated_at?: Date | null;
  sudo_session_enabled?: boolean;
  main_access_key?: string | null;
  created_at: Date;
  modified_at: Date;
}

export interface KeyPairDoc {
  _id: string; // access key
  access_key: string;
  /** AES-256-GCM sealed (see SecretBox); decrypted only where the API shows it. */
  secret_key_sealed: string;
  user_id: string; // owner's email, as Backend.AI names it
  user: string; // owner's uuid
  /** The owner's domain, denormalised so domain-scoped keypair lists use an index. */
  domain_name: string;
  is_active: boolean;
  is_admin: boolean;
  resource_policy: string;
  rate_limit: number;
  ssh_public_key?: string | null;
  created_at: Date;
  modified_at: Date;
}

export interface DomainDoc {
  _id: string; // name
  name: string;
  description: string;
  is_active: boolean;
  total_resource_slots: unknown;
  allowed_vfolder_hosts: unknown;
  allowed_docker_registries: string[];
  integration_id: string | null;
  created_at: Date;
  modified_at: Date;
}

export interface GroupDoc {
  _id: string; // uuid
  name: string;
  domain_name: string;
  description: string;
  is_active: boolean;
  type: string;
  total_resource_slots: unknown;
  allowed_vfolder_hosts: unknown;
  integration_id: string | null;
  resource_policy: string;
  container_registry: unknown;
  created_at: Date;
  modified_at: Date;
}

/** Membership of a user in a group (Backend.AI's association_groups_users). */
export interface GroupMemberDoc {
  _id: string; // `${group_id}:${user_id}`
  group_id: string;
  user_id: string;
}

/** A scaling group allowed for a domain, group or keypair (sgroups_for_*). */
export interface ScalingGroupAssocDoc {
  _id: string; // `${owner}/${scaling_group}`
  /** `domain:<name>`, `group:<uuid>` or `keypair:<access key>`. */
  owner: string;
  scaling_group: string;
}

/** Policies, presets, scaling groups, images, agents, sessions and containers: stored in API shape. */
export interface RecordDoc {
  _id: string;
  [field: string]: unknown;
}
