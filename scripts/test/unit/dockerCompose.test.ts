import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
};

const ROOT = join(__dirname, '..', '..', '..');
const compose = YAML.parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
};

describe('docker-compose.yml', () => {
  it('declares the stores and every service of the product', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'accounts',
      'admin',
      'gateway',
      'mongo',
      'redis',
    ]);
    expect(compose.services.mongo?.image).toBe('mongo:7');
    expect(compose.services.redis?.image).toBe('redis:7');
  });

  it('runs MongoDB as an initiated single-node replica set and Redis with AOF on', () => {
    expect(compose.services.mongo?.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(compose.services.mongo?.healthcheck?.test.join(' ')).toContain('rs.initiate');
    expect(compose.services.redis?.command).toEqual(
      expect.arrayContaining(['--appendonly', 'yes']),
    );
    // Every write fsynced before Redis answers (everysec may answer before writing the AOF).
    const cmd = compose.services.redis?.command ?? [];
    expect(cmd[cmd.indexOf('--appendfsync') + 1]).toBe('always');
  });

  it('builds each service from its own Dockerfile with a healthcheck', () => {
    for (const [name, file] of [
      ['admin', 'subgraphs/admin/Dockerfile'],
      ['accounts', 'subgraphs/accounts/Dockerfile'],
      ['gateway', 'gateway/Dockerfile'],
    ] as const) {
      const svc = compose.services[name];
      expect(svc?.build).toEqual({ context: '.', dockerfile: file });
      expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(/^CMD \[/m);
      expect(svc?.healthcheck?.test.join(' ')).toMatch(/\/ready/);
    }
  });

  it('starts services only after what they depend on is healthy', () => {
    const conditions = (name: string) =>
      Object.fromEntries(
        Object.entries(compose.services[name]?.depends_on ?? {}).map(([k, v]) => [k, v.condition]),
      );
    expect(conditions('admin')).toEqual({ mongo: 'service_healthy', redis: 'service_healthy' });
    expect(conditions('accounts')).toEqual({ redis: 'service_healthy' });
    expect(conditions('gateway')).toEqual({
      admin: 'service_healthy',
      accounts: 'service_healthy',
      redis: 'service_healthy',
    });
  });

  it('gives the gateway the same per-subgraph secrets the subgraphs verify with, and no telemetry', () => {
    const gw = compose.services.gateway?.environment ?? {};
    expect(gw.APOLLO_TELEMETRY_DISABLED).toBe('1');
    expect(gw.INTERNAL_AUTH_SECRET_ADMIN).toBe(
      compose.services.admin?.environment?.INTERNAL_AUTH_SECRET,
    );
    expect(gw.INTERNAL_AUTH_SECRET_ACCOUNTS).toBe(
      compose.services.accounts?.environment?.INTERNAL_AUTH_SECRET,
    );
    expect(gw.SUBGRAPH_URL_ADMIN).toBe('http://admin:4001/graphql');
  });
});
