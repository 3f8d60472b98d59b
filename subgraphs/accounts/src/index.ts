/**
 * The accounts subgraph's front door: everything another workspace (the test stack, other
 * workspaces' tests, bench/) may use. Nothing outside subgraphs/accounts imports its other files
 * (eslint.config.mjs, "workspace walls").
 */
// Service: typed config from the environment, build without listening, start.
export { type AccountsConfig, loadConfig } from './config';
export {
  createRepositories,
  createServer,
  type RepositoryOptions,
  repositoryOptions,
  SUBGRAPH_NAME,
  start,
} from './server';
export type { AccountsContext, Repositories } from './context';
// Test seams: seed and read accounts straight in Redis (other workspaces' tests, bench/).
export { type AccountRecord, AccountsRepository, uniqueKey } from './data/accountsRepository';
// Bench seams (bench/accounts): a listing query's shape and a raw index count.
export type { AccountListQuery } from './data/accountSearch';
export { countRange } from './data/listing';
// DCR: the registration route's path and the body the gateway binds its context to.
export { REGISTRATION_BINDING, REGISTRATION_PATH } from './dcr/registrationRoute';
