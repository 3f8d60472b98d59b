import { createLogger } from '@fedmgmt/service-kit';
import { loadConfig } from './config';
import { start } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('admin', config.logLevel);
  const { url } = await start(config, logger);
  logger.info({ url }, 'admin subgraph ready');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `admin subgraph failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
