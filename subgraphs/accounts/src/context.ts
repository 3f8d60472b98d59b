import type { AuthContext } from '@fedmgmt/service-kit';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { AccountsConfig } from './config';
import type { AccountRecord, AccountsRepository } from './data/accountsRepository';
import type { AccountSearch } from './data/accountSearch';
import type { ClientRecord, DcrRepository } from './data/dcrRepository';
import { Authorizer, CredentialPolicy } from './rules';
import type { SelfServiceRepos } from './selfservice/deps';
import type { SelfServiceConfig } from './selfservice/settings';

export interface Repositories {
  accounts: AccountsRepository;
  accountSearch: AccountSearch;
  clients: DcrRepository;
  selfService: SelfServiceRepos;
}

/** Business rules built once from config. */
export interface Services {
  authz: Authorizer;
  policy: CredentialPolicy;
  listing: AccountsConfig['listing'];
  selfService: SelfServiceConfig;
}

export interface AccountsContext {
  auth: AuthContext;
  logger: Logger;
  repos: Repositories;
  services: Services;
  loaders: {
    accountById: DataLoader<string, AccountRecord | null>;
    accountIdByEmail: DataLoader<string, string | null>;
    accountIdByUserName: DataLoader<string, string | null>;
    accountIdByPhone: DataLoader<string, string | null>;
    clientById: DataLoader<string, ClientRecord | null>;
    clientIdsByUser: DataLoader<string, string[]>;
  };
}

export const DYNAMIC_CLIENTS_PER_ACCOUNT = 100;

/** Built from the typed config (loadConfig): no defaults of its own. */
export function createServices(
  config: Pick<AccountsConfig, 'authz' | 'credentialPolicy' | 'listing' | 'selfService'>,
): Services {
  return {
    authz: new Authorizer(config.authz),
    policy: new CredentialPolicy(config.credentialPolicy),
    listing: config.listing,
    selfService: config.selfService,
  };
}

/** A fresh context per request: DataLoaders never share a cache across callers. */
export function buildContext(
  auth: AuthContext,
  repos: Repositories,
  logger: Logger,
  services: Services,
): AccountsContext {
  return {
    auth,
    logger: logger.child({ requestId: auth.requestId }),
    repos,
    services,
    loaders: {
      accountById: new DataLoader((ids) => repos.accounts.byIds(ids)),
      accountIdByEmail: new DataLoader((v) => repos.accounts.idsByUnique('emails', v)),
      accountIdByUserName: new DataLoader((v) => repos.accounts.idsByUnique('userName', v)),
      accountIdByPhone: new DataLoader((v) => repos.accounts.idsByUnique('phoneNumbers', v)),
      clientById: new DataLoader((ids) => repos.clients.byIds(ids)),
      clientIdsByUser: new DataLoader((users) =>
        repos.clients.idsByUsers(users, DYNAMIC_CLIENTS_PER_ACCOUNT),
      ),
    },
  };
}
