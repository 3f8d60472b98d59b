import type { AuthContext } from '@fedmgmt/service-kit';
import type { AccountRecord } from './data/accountsRepository';

/**
 * Who may read which account, in one place. Until the groups authorization manager
 * lands: Backend.AI superadmins administer accounts, and a self-service caller
 * (token with an account id) sees only its own account.
 */
export function canReadAccount(auth: AuthContext, account: AccountRecord): boolean {
  if (auth.user?.role === 'superadmin') return true;
  return auth.accountId !== undefined && auth.accountId === account.id;
}
