import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { deleteByPrefix } from '@fedmgmt/testkit';
import { type OutboxMessage, SelfServiceStore } from '../../src/data/selfServiceStore';
import { devStackEnv, runOutbox } from '../../src/selfservice/outboxCli';

/**
 * The documented outbox CLI against what `npm start` leaves behind: `.data/dev-secrets.json`
 * (the subgraph's INTERNAL_AUTH_SECRET) and `.data/dev-stack.json` (its Redis), with none of the
 * subgraph's variables in the environment. A private key prefix keeps it off others' keys.
 */
const CLI = resolve(__dirname, '../../src/selfservice/outboxCli.ts');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('outbox CLI (subgraphs/accounts/src/selfservice/outboxCli.ts)', () => {
  let redis: Redis;
  let dataDir: string;
  let emptyDir: string;
  const prefix = `test:outbox:${randomUUID().slice(0, 8)}:`;
  const messages: OutboxMessage[] = [1, 2, 3].map((i) => ({
    id: randomUUID(),
    channel: 'email',
    to: `user${i}@example.com`,
    purpose: 'verify-email',
    accountId: `acct-${i}`,
    code: String(100000 + i),
    at: 1_700_000_000_000 + i,
  }));
  // No accounts-subgraph variables at all: what a shell beside `npm start` has.
  const bareEnv = (): NodeJS.ProcessEnv => {
    const {
      INTERNAL_AUTH_SECRET: _s,
      REDIS_URL: _r,
      ACCOUNTS_CURSOR_SECRET: _c,
      NODE_ENV: _n,
      ...rest
    } = process.env;
    return { ...rest, ACCOUNTS_KEY_PREFIX: prefix, APOLLO_TELEMETRY_DISABLED: '1' };
  };

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const store = new SelfServiceStore(redis, prefix);
    for (const m of messages) await store.pushOutbox(m, 100);
    dataDir = mkdtempSync(join(tmpdir(), 'outbox-cli-'));
    emptyDir = mkdtempSync(join(tmpdir(), 'outbox-cli-empty-'));
    // The shapes scripts/lib/devSecrets.ts and scripts/dev.ts write.
    writeFileSync(
      join(dataDir, 'dev-secrets.json'),
      JSON.stringify({
        internalAuthAdmin: randomBytes(32).toString('base64url'),
        internalAuthAccounts: randomBytes(32).toString('base64url'),
        adminSecretEncryptionKey: randomBytes(32).toString('base64'),
        cursorKey: randomBytes(32).toString('base64url'),
      }),
    );
    writeFileSync(
      join(dataDir, 'dev-stack.json'),
      JSON.stringify({ pid: process.pid, redisUrl: REDIS_URL }),
    );
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  it('prints the newest messages, codes included, as the README documents', async () => {
    const res = await run(['2', '--data-dir', dataDir], bareEnv());
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(
      res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as OutboxMessage),
    ).toEqual([messages[2], messages[1]]);
  });

  it('reads the same outbox in-process and counts what it wrote', async () => {
    const lines: string[] = [];
    expect(await runOutbox(['--data-dir', dataDir], bareEnv(), (l) => lines.push(l))).toBe(3);
    expect(lines.map((l) => JSON.parse(l) as OutboxMessage)).toEqual([...messages].reverse());
  });

  it('says what is missing, and how to get it, when there is no dev stack and no environment', async () => {
    const res = await run(['--data-dir', emptyDir], bareEnv());
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('INTERNAL_AUTH_SECRET is required');
    expect(res.stderr).toContain('npm start');
    expect(res.stdout).toBe('');
  });

  it('rejects unknown arguments with its usage', async () => {
    await expect(runOutbox(['--bogus'], bareEnv(), () => undefined)).rejects.toThrow(
      /unknown argument "--bogus"; usage: outboxCli.ts \[COUNT/,
    );
  });

  describe('devStackEnv', () => {
    it('fills only what the environment lacks', () => {
      const env = devStackEnv({ REDIS_URL: 'redis://10.0.0.1:6379/0' }, dataDir);
      expect(env.REDIS_URL).toBe('redis://10.0.0.1:6379/0');
      expect(env.INTERNAL_AUTH_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(devStackEnv({ INTERNAL_AUTH_SECRET: 'x'.repeat(40) }, dataDir)).toEqual({
        INTERNAL_AUTH_SECRET: 'x'.repeat(40),
        REDIS_URL: REDIS_URL,
      });
    });
    it('never reads the dev files in production', () => {
      expect(devStackEnv({ NODE_ENV: 'production' }, dataDir)).toEqual({ NODE_ENV: 'production' });
    });
  });
});
