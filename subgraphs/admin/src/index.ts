/**
 * The admin subgraph's front door: everything another workspace (the test stack, the gateway's
 * operator CLI, scripts/, bench/) may use. Nothing outside subgraphs/admin imports its other files
 * (eslint.config.mjs, "workspace walls").
 */
// Service: typed config from the environment, build without listening, start.
export { type AdminConfig, loadConfig } from './config';
export { createRepositories, createServer, ensureIndexes, SUBGRAPH_NAME, start } from './server';
export type { AdminContext } from './context';
// Store and bootstrap: `fedmgmt bootstrap`, the test stack and benches seed the first superadmin.
export { connectMongo, type MongoStore } from './data/mongo';
export type { Repositories } from './data/repositories';
export { adminCollectionNames } from './data/repositories';
export {
  type BootstrapResult,
  type BootstrapSuperadmin,
  DEV_SUPERADMIN,
  ensureBootstrapSuperadmin,
} from './data/bootstrap';
