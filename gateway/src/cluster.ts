import cluster from 'node:cluster';
import type { Logger } from '@fedmgmt/service-kit';

const RESTART_DELAY_MS = 1000;

/**
 * GATEWAY_WORKERS > 1: this (primary) process forks that many workers, which share the port
 * (node:cluster hands out connections), restarts one that dies, and passes SIGTERM/SIGINT on.
 * Returns true in the primary, which then serves nothing itself; false where the caller should
 * start the gateway (a worker, or a single process). Per-worker state stays per worker: caches,
 * in-flight dedup maps; replay and rate-limit state is in Redis, shared by all.
 */
export function runCluster(workers: number, logger: Logger): boolean {
  if (workers <= 1 || !cluster.isPrimary) return false;
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error(
      { pid: worker.process.pid, code, signal },
      'gateway worker exited; starting another',
    );
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS).unref();
  });
  const stop = (sig: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(sig);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  logger.info({ workers }, 'gateway primary started its workers');
  return true;
}
