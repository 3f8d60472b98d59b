import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Fills an empty dev store: the admin seed (bootstrap superadmin + a small realistic dataset).
 * Skipped with DEV_SEED=0. The seed is idempotent, so a restart against the same store is safe.
 */
export async function runDevSeed(
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
): Promise<void> {
  const script = join(ROOT, 'subgraphs', 'admin', 'scripts', 'seed.ts');
  if (env.DEV_SEED === '0' || !existsSync(script)) return;
  say('seeding the dev dataset (DEV_SEED=0 skips)…');
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { SEED_USERS: '50', ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', done);
  });
  if (code !== 0) throw new Error(`the dev seed failed (exit ${code})`);
}
