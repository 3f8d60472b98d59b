import type { UserDoc } from '../data/documents';

/**
 * What a stored user reads as when a field was never written (older rows, partial imports): the
 * defaults Backend.AI's own columns carry. Shared by the legacy `User` and the Relay `UserNode`.
 */
export const userDefaults = {
  description: (u: UserDoc) => u.description ?? '',
  need_password_change: (u: UserDoc) => u.need_password_change ?? false,
  status: (u: UserDoc) => u.status ?? (u.is_active ? 'active' : 'inactive'),
  resource_policy: (u: UserDoc) => u.resource_policy ?? 'default',
  totp_activated: (u: UserDoc) => u.totp_activated ?? false,
  sudo_session_enabled: (u: UserDoc) => u.sudo_session_enabled ?? false,
};
