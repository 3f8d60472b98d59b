/**
 * Dev only: prints the newest messages of the Redis outbox sender (codes and links included),
 * e.g. `npx tsx subgraphs/accounts/src/selfservice/outboxCli.ts 5`.
 */
import { loadConfig } from '../config';
import { connectRedis } from '../data/redis';
import { SelfServiceStore } from '../data/selfServiceStore';

async function main(): Promise<void> {
  const config = loadConfig();
  const count = Math.max(1, Math.min(1000, Number(process.argv[2] ?? 10) || 10));
  const redis = connectRedis(config);
  await redis.connect();
  try {
    const messages = await new SelfServiceStore(redis, config.keyPrefix).readOutbox(count);
    for (const m of messages) process.stdout.write(`${JSON.stringify(m)}\n`);
  } finally {
    await redis.quit();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`outbox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
