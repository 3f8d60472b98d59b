/**
 * Dev only: prints the newest messages of the Redis outbox sender (codes and links included),
 * e.g. `npx tsx subgraphs/accounts/src/selfservice/outboxCli.ts 5`.
 *
 * It reads the accounts subgraph's own configuration (same Redis and key prefix). Outside
 * production, what `npm start` generated fills in what the environment lacks: the subgraph's
 * INTERNAL_AUTH_SECRET from `.data/dev-secrets.json` and the Redis the stack runs on from
 * `.data/dev-stack.json` (a private redis-server has a random port). `--data-dir DIR` points
 * elsewhere than the checkout's `.data`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config';
import { connectRedis } from '../data/redis';
import { SelfServiceStore } from '../data/selfServiceStore';

export const DEFAULT_DATA_DIR = resolve(__dirname, '../../../../.data');

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    throw new Error(`${path} is not valid JSON; delete it and run \`npm start\` again`);
  }
}

/** The environment completed from the dev stack's files (never in production, never overriding). */
export function devStackEnv(env: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  if (env.NODE_ENV === 'production') return env;
  const out = { ...env };
  const secrets = readJson(join(dataDir, 'dev-secrets.json'));
  if (!out.INTERNAL_AUTH_SECRET && typeof secrets.internalAuthAccounts === 'string')
    out.INTERNAL_AUTH_SECRET = secrets.internalAuthAccounts;
  const stack = readJson(join(dataDir, 'dev-stack.json'));
  if (!out.REDIS_URL && typeof stack.redisUrl === 'string') out.REDIS_URL = stack.redisUrl;
  return out;
}

export interface OutboxArgs {
  count: number;
  dataDir: string;
}

export function parseArgs(argv: string[]): OutboxArgs {
  let count = 10;
  let dataDir = DEFAULT_DATA_DIR;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--data-dir') {
      const dir = argv[++i];
      if (!dir) throw new Error('--data-dir needs a directory');
      dataDir = resolve(dir);
    } else if (/^\d+$/.test(a)) count = Math.max(1, Math.min(1000, Number(a)));
    else
      throw new Error(
        `unknown argument "${a}"; usage: outboxCli.ts [COUNT (1-1000, default 10)] [--data-dir DIR]`,
      );
  }
  return { count, dataDir };
}

/** Writes the newest `count` messages, one JSON object a line, newest first. */
export async function runOutbox(
  argv: string[],
  env: NodeJS.ProcessEnv,
  write: (line: string) => void,
): Promise<number> {
  const args = parseArgs(argv);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(devStackEnv(env, args.dataDir));
  } catch (err) {
    const hint =
      env.NODE_ENV === 'production'
        ? ''
        : ` (start the dev stack once with \`npm start\` so ${join(args.dataDir, 'dev-secrets.json')} exists, or set the variables)`;
    throw new Error(`${(err as Error).message}${hint}`, { cause: err });
  }
  const redis = connectRedis(config);
  try {
    await redis.connect();
    const messages = await new SelfServiceStore(redis, config.keyPrefix).readOutbox(args.count);
    for (const m of messages) write(`${JSON.stringify(m)}\n`);
    return messages.length;
  } finally {
    redis.disconnect();
  }
}

if (require.main === module) {
  runOutbox(process.argv.slice(2), process.env, (line) => process.stdout.write(line)).catch(
    (err: unknown) => {
      process.stderr.write(`outbox: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
