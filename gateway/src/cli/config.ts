import { EnvReader } from '@fedmgmt/service-kit';

/**
 * The CLI's environment, with Backend.AI client-py's names (BACKEND_ENDPOINT,
 * BACKEND_ACCESS_KEY, BACKEND_SECRET_KEY) so an existing client setup works as is.
 * Flags given on the command line win over these.
 */
export interface CliEnv {
  endpoint: string;
  accessKey: string | undefined;
  secretKey: string | undefined;
  apiVersion: string;
  mongoUrl: string | undefined;
  mongoDb: string;
  encryptionKey: string | undefined;
}

export function loadCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const e = new EnvReader(env);
  const out: CliEnv = {
    endpoint: e.url('BACKEND_ENDPOINT', ['http:', 'https:'], 'http://127.0.0.1:4000'),
    accessKey: e.optional('BACKEND_ACCESS_KEY'),
    secretKey: e.optional('BACKEND_SECRET_KEY'),
    apiVersion: e.string('BACKEND_API_VERSION', 'v8.20240315'),
    mongoUrl: e.optional('MONGO_URL'),
    mongoDb: e.string('MONGO_DB', 'fedmgmt_admin'),
    encryptionKey: e.optional('ADMIN_SECRET_ENCRYPTION_KEY'),
  };
  e.finish();
  return out;
}
