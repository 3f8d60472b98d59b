import type { AuthContext } from '@fedmgmt/service-kit';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { UserDoc, UsersRepository } from './data/usersRepository';

export interface Repositories {
  users: UsersRepository;
}

export interface AdminContext {
  auth: AuthContext;
  logger: Logger;
  repos: Repositories;
  loaders: {
    userByEmail: DataLoader<string, UserDoc | null>;
    userById: DataLoader<string, UserDoc | null>;
  };
}

/** A fresh context per request: DataLoaders never share a cache across callers. */
export function buildContext(auth: AuthContext, repos: Repositories, logger: Logger): AdminContext {
  return {
    auth,
    logger: logger.child({ requestId: auth.requestId }),
    repos,
    loaders: {
      userByEmail: new DataLoader((emails) => repos.users.byEmails(emails)),
      userById: new DataLoader((ids) => repos.users.byIds(ids)),
    },
  };
}
