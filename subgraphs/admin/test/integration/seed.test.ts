import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';

const SEED = resolve(__dirname, '../../scripts/seed.ts');

describe('npm run seed', () => {
  let mongo: Embedded;
  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
  });
  afterAll(() => mongo?.stop());

  const seed = (extra: Record<string, string>, args: string[] = []) => {
    const env = { PATH: process.env.PATH, MONGO_URL: mongo.url, MONGO_DB: 'seed_cli', ...extra };
    const res = spawnSync(process.execPath, ['--import', 'tsx', SEED, ...args], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };
  const key = randomBytes(32).toString('base64');

  it('creates the bootstrap superadmin and the dataset, then changes nothing on a second run', () => {
    const first = seed({ ADMIN_SECRET_ENCRYPTION_KEY: key }, ['--users', '12']);
    expect(first.code).toBe(0);
    expect(first.out).toContain(
      'seed: bootstrap superadmin admin@lablup.com (AKIAIOSFODNN7EXAMPLE): created domain default',
    );
    expect(first.out).toMatch(/seed: inserted .*12 users, 12 keypairs/);
    const second = seed({ ADMIN_SECRET_ENCRYPTION_KEY: key });
    expect([second.code, second.out.split('\n').slice(1, 3)]).toEqual([
      0,
      [
        'seed: bootstrap superadmin admin@lablup.com (AKIAIOSFODNN7EXAMPLE): already present',
        'seed: dataset already present, nothing added',
      ],
    ]);
  });

  it('refuses to run without an encryption key, naming the variable', () => {
    const res = seed({});
    expect(res.code).toBe(1);
    expect(res.err).toContain('ADMIN_SECRET_ENCRYPTION_KEY is required');
  });

  it('needs explicit bootstrap credentials in production', () => {
    const res = seed({ ADMIN_SECRET_ENCRYPTION_KEY: key, NODE_ENV: 'production' });
    expect(res.code).toBe(1);
    expect(res.err).toMatch(
      /SEED_ADMIN_ACCESS_KEY is required[\s\S]*SEED_ADMIN_SECRET_KEY is required/,
    );
  });
});
