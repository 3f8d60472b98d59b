/**
 * `npm run bench:startup [-- --runs N]`: startup time (spawn until /health answers 200) and idle
 * RSS (after a short settle) of each service, compiled (`node dist/main.js`, as the images run)
 * against tsx (`node --import tsx src/main.ts`, as `npm start` runs). Stores: the embedded
 * MongoDB-compatible server and a private redis-server, on loopback. Builds first if dist/ is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '@fedmgmt/embedded';
import {
  type Mode,
  ROOT,
  type Running,
  SERVICES,
  type ServiceName,
  launch,
  nodeArgs,
  privateRedis,
  rssKiB,
  stackEnv,
  stopProcess,
  waitOk,
} from './services';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
const SETTLE_MS = 2000;

interface Sample {
  startupMs: number;
  rssMiB: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function measure(
  name: ServiceName,
  mode: Mode,
  env: Record<string, string>,
  port: number,
): Promise<Sample> {
  const t0 = performance.now();
  const svc = launch(name, mode, env);
  try {
    await waitOk(svc, `http://127.0.0.1:${port}/health`, 120_000);
    const startupMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return { startupMs, rssMiB: rssKiB(svc.proc.pid as number) / 1024 };
  } finally {
    await stopProcess(svc.proc);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Math.max(1, Number(values.runs));
  if (!SERVICES.every((s) => existsSync(nodeArgs(s, 'compiled').at(-1) as string))) {
    process.stdout.write('building (npm run build)…\n');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const mongo = await startEmbeddedMongo();
  const redis = await privateRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'fedmgmt-bench-startup-'));
  const background: Running[] = [];
  try {
    const { ports, env } = await stackEnv({ mongoUrl: mongo.url, redisUrl: redis.url }, dataDir);
    const results: { name: ServiceName; mode: Mode; samples: Sample[] }[] = [];
    for (const name of SERVICES) {
      if (name === 'gateway') {
        // The gateway is measured with both (compiled) subgraphs up, as in the real stack.
        for (const sub of ['admin', 'accounts'] as const) {
          const svc = launch(sub, 'compiled', env[sub]);
          background.push(svc);
          await waitOk(svc, `http://127.0.0.1:${ports[sub]}/health`);
        }
      }
      for (const mode of ['compiled', 'tsx'] as const) {
        const samples: Sample[] = [];
        // Runs of one mode back to back; tsx keeps a transform cache on disk, so its later runs are warm.
        for (let i = 0; i < runs; i++)
          samples.push(await measure(name, mode, env[name], ports[name]));
        results.push({ name, mode, samples });
      }
    }
    const row = (cols: string[]) =>
      `${cols[0]!.padEnd(9)}${cols
        .slice(1)
        .map((c) => c.padStart(14))
        .join('')}\n`;
    process.stdout.write(
      `\nstartup = spawn → /health 200; RSS after ${SETTLE_MS} ms idle; median of ${runs} run(s), [min–max]\n`,
    );
    process.stdout.write(
      row([
        'service',
        'compiled ms',
        'tsx ms',
        'tsx/compiled',
        'compiled MiB',
        'tsx MiB',
        'tsx/compiled',
      ]),
    );
    for (const name of SERVICES) {
      const c = results.find((r) => r.name === name && r.mode === 'compiled')!.samples;
      const t = results.find((r) => r.name === name && r.mode === 'tsx')!.samples;
      const cms = median(c.map((s) => s.startupMs));
      const tms = median(t.map((s) => s.startupMs));
      const crss = median(c.map((s) => s.rssMiB));
      const trss = median(t.map((s) => s.rssMiB));
      process.stdout.write(
        row([
          name,
          cms.toFixed(0),
          tms.toFixed(0),
          `${(tms / cms).toFixed(2)}x`,
          crss.toFixed(1),
          trss.toFixed(1),
          `${(trss / crss).toFixed(2)}x`,
        ]),
      );
      const range = (xs: number[], d: number) =>
        `[${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}]`;
      process.stdout.write(
        row([
          '',
          range(
            c.map((s) => s.startupMs),
            0,
          ),
          range(
            t.map((s) => s.startupMs),
            0,
          ),
          '',
          range(
            c.map((s) => s.rssMiB),
            1,
          ),
          range(
            t.map((s) => s.rssMiB),
            1,
          ),
          '',
        ]),
      );
    }
  } finally {
    for (const svc of background.reverse()) await stopProcess(svc.proc);
    await redis.stop();
    await mongo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:startup failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
