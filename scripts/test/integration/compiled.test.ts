/**
 * `npm run build` produces JavaScript that runs without tsx: each service starts with
 * `node dist/main.js` (as the Docker images run it), answers /health and /ready, and the
 * compiled gateway reaches both compiled subgraphs through its authenticated health check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import {
  ROOT,
  type Running,
  SERVICES,
  launch,
  nodeArgs,
  privateRedis,
  stackEnv,
  stopProcess,
  waitOk,
} from '../../../bench/startup/services';

jest.setTimeout(300_000);

const stores: Embedded[] = [];
const running: Running[] = [];
let dataDir = '';

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 280_000,
  });
  if (build.status !== 0)
    throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  dataDir = mkdtempSync(join(tmpdir(), 'fedmgmt-compiled-'));
});

afterAll(async () => {
  for (const svc of running.reverse()) await stopProcess(svc.proc);
  for (const s of stores.reverse()) await s.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the build emits main.js and the SDL for every service', () => {
  for (const name of SERVICES) {
    const args = nodeArgs(name, 'compiled');
    expect(args.join(' ')).not.toMatch(/tsx/);
    expect(existsSync(args[args.length - 1] as string)).toBe(true);
  }
  expect(existsSync(join(ROOT, 'packages/service-kit/dist/index.js'))).toBe(true);
  for (const sub of ['admin', 'accounts']) {
    expect(existsSync(join(ROOT, `subgraphs/${sub}/dist/schema/00-federation.graphql`))).toBe(true);
  }
});

test('each service starts with node dist/main.js and answers /health and /ready', async () => {
  const mongo = await startEmbeddedMongo();
  stores.push(mongo);
  const redis = await privateRedis();
  stores.push(redis);
  const { ports, env } = await stackEnv({ mongoUrl: mongo.url, redisUrl: redis.url }, dataDir);

  const admin = launch('admin', 'compiled', env.admin);
  const accounts = launch('accounts', 'compiled', env.accounts);
  running.push(admin, accounts);
  for (const svc of [admin, accounts]) {
    await waitOk(svc, `http://127.0.0.1:${ports[svc.name]}/health`);
    await waitOk(svc, `http://127.0.0.1:${ports[svc.name]}/ready`);
  }
  const gateway = launch('gateway', 'compiled', env.gateway);
  running.push(gateway);
  await waitOk(gateway, `http://127.0.0.1:${ports.gateway}/health`);
  // /ready: the supergraph is loaded and both compiled subgraphs answer the signed health check.
  await waitOk(gateway, `http://127.0.0.1:${ports.gateway}/ready`, 30_000);
  const ready = (await (await fetch(`http://127.0.0.1:${ports.gateway}/ready`)).json()) as {
    status: string;
  };
  expect(ready.status).toBe('ready');
  for (const svc of running) expect(svc.proc.exitCode).toBeNull();
});
