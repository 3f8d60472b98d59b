import { USER_STATUSES, ROLES } from '../data/documents';
import type { FieldMap, FieldSpec, FieldType } from './compile';

const f = (path: string, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  type,
  ...extra,
});
const str = (path: string, extra?: Partial<FieldSpec>) => f(path, 'string', extra);
const bool = (path: string) => f(path, 'boolean');
const date = (path: string) => f(path, 'date');

export const AGENT_STATUSES = ['ALIVE', 'LOST', 'RESTARTING', 'TERMINATED'] as const;
export const SESSION_STATUSES = [
  'PENDING',
  'SCHEDULED',
  'PREPARING',
  'PULLING',
  'PREPARED',
  'CREATING',
  'RUNNING',
  'RESTARTING',
  'RUNNING_DEGRADED',
  'TERMINATING',
  'TERMINATED',
  'ERROR',
  'CANCELLED',
] as const;

/**
 * Per-type whitelists for `filter` and `order`: API name -> stored path and type. Each path
 * has an index (see data/repositories.ts and usersRepository.ts).
 */
export const USER_FIELDS: FieldMap = {
  uuid: f('_id', 'uuid'),
  username: str('username'),
  email: str('email'),
  need_password_change: bool('need_password_change'),
  full_name: str('full_name'),
  is_active: bool('is_active'),
  status: f('status', 'enum', { values: USER_STATUSES }),
  created_at: date('created_at'),
  modified_at: date('modified_at'),
  domain_name: str('domain_name'),
  role: f('role', 'enum', { values: ROLES }),
  resource_policy: str('resource_policy'),
  totp_activated: bool('totp_activated'),
  sudo_session_enabled: bool('sudo_session_enabled'),
  main_access_key: str('main_access_key'),
};

export const KEYPAIR_FIELDS: FieldMap = {
  access_key: str('_id'),
  user_id: str('user_id'),
  email: str('user_id'),
  is_active: bool('is_active'),
  is_admin: bool('is_admin'),
  resource_policy: str('resource_policy'),
  created_at: date('created_at'),
  rate_limit: f('rate_limit', 'number'),
};

export const AGENT_FIELDS: FieldMap = {
  id: str('_id'),
  status: f('status', 'enum', { values: AGENT_STATUSES }),
  status_changed: date('status_changed'),
  region: str('region'),
  scaling_group: str('scaling_group'),
  schedulable: bool('schedulable'),
  addr: str('addr', { order: false }),
  first_contact: date('first_contact'),
  lost_at: date('lost_at'),
  version: str('version'),
};

export const SESSION_FIELDS: FieldMap = {
  id: f('_id', 'uuid'),
  type: str('type'),
  name: str('name'),
  image: str('image'),
  agent_ids: f('agent_ids', 'stringArray', { order: false }),
  agent_id: f('agent_ids', 'stringArray', { order: false }),
  agents: f('agent_ids', 'stringArray', { order: false }),
  domain_name: str('domain_name'),
  group_name: str('group_name'),
  user_email: str('user_email'),
  user_id: f('user_id', 'uuid'),
  full_name: str('full_name'),
  access_key: str('access_key'),
  scaling_group: str('scaling_group'),
  cluster_mode: str('cluster_mode'),
  cluster_size: f('cluster_size', 'number'),
  status: f('status', 'enum', { values: SESSION_STATUSES }),
  status_info: str('status_info'),
  result: str('result'),
  created_at: date('created_at'),
  terminated_at: date('terminated_at'),
  starts_at: date('starts_at'),
  scheduled_at: date('scheduled_at'),
};

export const CONTAINER_FIELDS: FieldMap = {
  id: f('_id', 'uuid'),
  idx: f('idx', 'number'),
  role: str('role'),
  status: f('status', 'enum', { values: SESSION_STATUSES }),
  created_at: date('created_at'),
  agent: str('agent'),
};
