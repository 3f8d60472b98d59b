import { createLogger } from '@fedmgmt/service-kit';
import { runCluster } from './cluster';
import { loadConfig } from './config';
import { start } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', config.logLevel);
  if (runCluster(config.workers, logger)) return;
  const { url } = await start(config, logger);
  logger.info({ url }, 'gateway ready');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
