import type { AuthContext } from '@fedmgmt/service-kit';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { AccountRecord, AccountsRepository } from './data/accountsRepository';

export interface Repositories {
  accounts: AccountsRepository;
}

export interface AccountsContext {
  auth: AuthContext;
  logger: Logger;
  repos: Repositories;
  loaders: {
    accountById: DataLoader<string, AccountRecord | null>;
    accountIdByPrimaryEmail: DataLoader<string, string | null>;
  };
}

/** A fresh context per request: DataLoaders never share a cache across callers. */
export function buildContext(auth: AuthContext, repos: Repositories, logger: Logger): AccountsContext {
  return {
    auth,
    logger: logger.child({ requestId: auth.requestId }),
    repos,
    loaders: {
      accountById: new DataLoader((ids) => repos.accounts.byIds(ids)),
      accountIdByPrimaryEmail: new DataLoader((emails) => repos.accounts.idsByPrimaryEmails(emails)),
    },
  };
}
