import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from 'pino';

export interface SupergraphFileState {
  /** When the file last changed into an SDL that was health-checked and swapped in. */
  loadedAt: Date | undefined;
  version: number;
}

/**
 * Loads the composed supergraph from a file and, when `watchFile` is on, hot-swaps it
 * when the file changes: the new SDL goes live only after every subgraph it names answers
 * a health check; otherwise the gateway keeps serving the previous one.
 */
export function supergraphFromFile(
  path: string,
  logger: Logger,
  watchFile: boolean,
  state: SupergraphFileState = { loadedAt: undefined, version: 0 },
): SupergraphSdlHook {
  return async ({ update, healthCheck }) => {
    let current = await readFile(path, 'utf8');
    state.loadedAt = new Date();
    state.version = 1;
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    let chain = Promise.resolve();

    const reload = async (): Promise<void> => {
      const next = await readFile(path, 'utf8').catch(() => undefined);
      if (next === undefined || next === current || next.trim() === '') return;
      try {
        await healthCheck(next);
        update(next);
        current = next;
        state.loadedAt = new Date();
        state.version += 1;
        logger.info({ path, version: state.version }, 'supergraph reloaded');
      } catch (err) {
        logger.error(
          { path, err: err instanceof Error ? err.message : String(err) },
          'new supergraph refused; keeping the previous one',
        );
      }
    };

    if (watchFile) {
      // Watch the folder, not the file: editors and `mv` replace the inode.
      watcher = watch(dirname(path), (_event, name) => {
        if (name !== basename(path)) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          chain = chain.then(reload);
        }, 100);
      });
    }
    return {
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(timer);
        watcher?.close();
        await chain;
      },
    };
  };
}
