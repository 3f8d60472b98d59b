import { randomBytes, randomUUID } from 'node:crypto';
import { resolveRedis } from '@fedmgmt/embedded';
import { listen, type Logger } from '@fedmgmt/service-kit';
import { deleteByPrefix, silentLogger } from '@fedmgmt/testkit';
import Redis from 'ioredis';
import type { KeypairRecord } from '../../src/auth/keypairs';
import { loadConfig } from '../../src/config';
import { buildGateway, type BuiltGateway } from '../../src/server';
import { type ProbeSubgraphs, startProbeSubgraphs } from './probeSubgraphs';

/** A keypair the harness's gateway knows (no admin subgraph needed). */
export const HARNESS_KEYPAIR: KeypairRecord = {
  access_key: `AKHARNESS${randomBytes(6).toString('hex').toUpperCase()}`,
  secret_key: 'harness-secret-key-0123456789abcdef',
  is_active: true,
  is_admin: true,
  rate_limit: 0,
  allowed_client_ip: null,
  user: {
    uuid: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    email: 'admin@lablup.com',
    role: 'superadmin',
    domain: 'default',
  },
};

export interface Harness {
  /** http://127.0.0.1:<port> */
  origin: string;
  gw: BuiltGateway;
  stop(): Promise<void>;
}

/**
 * The real gateway over HTTP in front of the two probe subgraphs, with real Redis on its own
 * key prefix (removed on stop) and HARNESS_KEYPAIR as its only keypair.
 */
export async function startHarness(
  env: Record<string, string> = {},
  logger: Logger = silentLogger,
): Promise<Harness> {
  const secrets = {
    admin: randomBytes(32).toString('base64url'),
    accounts: randomBytes(32).toString('base64url'),
  };
  const probes: ProbeSubgraphs = await startProbeSubgraphs(secrets);
  const redis = await resolveRedis(process.env.REDIS_URL);
  const prefix = `test:${randomUUID().slice(0, 8)}:gwh:`;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SUPERGRAPH_PATH: probes.supergraphPath,
    SUPERGRAPH_WATCH: 'false',
    SUBGRAPH_URL_ADMIN: probes.urls.admin,
    SUBGRAPH_URL_ACCOUNTS: probes.urls.accounts,
    INTERNAL_AUTH_SECRET_ADMIN: secrets.admin,
    INTERNAL_AUTH_SECRET_ACCOUNTS: secrets.accounts,
    REDIS_URL: redis.url,
    GATEWAY_REDIS_PREFIX: prefix,
    ...env,
  });
  const keypairs = {
    get: async (ak: string) => (ak === HARNESS_KEYPAIR.access_key ? HARNESS_KEYPAIR : undefined),
  };
  const gw = await buildGateway(config, { logger, keypairs });
  const origin = new URL((await listen(gw.httpServer, 0, '127.0.0.1')).url).origin;
  return {
    origin,
    gw,
    stop: async () => {
      await gw.stop();
      await probes.stop();
      const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await client.connect();
      await deleteByPrefix(client, prefix);
      client.disconnect();
      await redis.stop();
    },
  };
}
