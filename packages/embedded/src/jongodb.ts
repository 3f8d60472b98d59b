import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Embedded } from './index';
import { stopProcess } from './proc';
import { lockDataDir, restoreSnapshot, startSnapshots } from './persist';

export function jongodbBinary(): string | undefined {
  try {
    const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
    const bin = join(dirname(pkg), 'bin', 'jongodb');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

export interface EmbeddedMongoOptions {
  timeoutMs?: number;
  /**
   * Keep data here across restarts (the server itself holds everything in memory): the named
   * databases are loaded on start and snapshotted (see persist.ts for what that guarantees).
   */
  dataDir?: string;
  /** database -> collections to keep (the server cannot list its own collections). */
  collections?: Readonly<Record<string, readonly string[]>>;
  snapshotIntervalMs?: number;
  onSnapshotError?: (err: Error) => void;
}

/**
 * `ownGroup`: in its own process group, so a terminal's Ctrl-C (sent to the whole foreground group)
 * does not kill it before the final snapshot; it is stopped by PID like every other child.
 */
async function spawnJongodb(bin: string, timeoutMs: number, ownGroup: boolean) {
  const child = spawn(
    bin,
    [
      '--port=0',
      '--host=127.0.0.1',
      '--topology-profile=singleNodeReplicaSet',
      '--replica-set-name=rs0',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: ownGroup,
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`jongodb did not start within ${timeoutMs} ms: ${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /JONGODB_URI=(mongodb:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        // serverMonitoringMode=poll: the server does not stream hello replies (exhaust/moreToCome),
        // so the driver's default streaming monitor fails every heartbeat ("Server ended moreToCome
        // unexpectedly") and clears the connection pool under load. Polling is a standard mode.
        resolve(`${m[1].replace(/\/test\?/, '/?')}&serverMonitoringMode=poll`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jongodb exited with ${code}: ${out}`));
    });
  }).catch(async (err: unknown) => {
    await stopProcess(child);
    throw err;
  });
  child.stderr?.resume();
  return { child, url };
}

/**
 * Starts the MongoDB-compatible test server shipped in @jongodb/memory-server-bin-linux-x64-gnu
 * as a single-node replica set (transactions need one) on a free loopback port. With `dataDir`,
 * its data survives restarts (see EmbeddedMongoOptions).
 */
export async function startEmbeddedMongo(
  options: number | EmbeddedMongoOptions = {},
): Promise<Embedded> {
  const opts = typeof options === 'number' ? { timeoutMs: options } : options;
  const bin = jongodbBinary();
  if (!bin) {
    throw new Error(
      'the embedded MongoDB-compatible server is not installed (npm package ' +
        '@jongodb/memory-server-bin-linux-x64-gnu, Linux x64 only). Set MONGO_URL to a real MongoDB, ' +
        'or use `docker compose up`.',
    );
  }
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => undefined;
  let started: Awaited<ReturnType<typeof spawnJongodb>>;
  try {
    started = await spawnJongodb(bin, opts.timeoutMs ?? 20_000, opts.dataDir !== undefined);
  } catch (err) {
    unlock();
    throw err;
  }
  const { child, url } = started;
  if (!opts.dataDir) return { url, pid: child.pid, stop: () => stopProcess(child) };

  const dataDir = opts.dataDir;
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: 3000,
    appName: 'fedmgmt-embedded-snapshots',
  });
  try {
    await client.connect();
    await restoreSnapshot(client, dataDir);
  } catch (err) {
    await client.close().catch(() => undefined);
    await stopProcess(child);
    unlock();
    throw err;
  }
  const snapshots = startSnapshots(
    client,
    { dataDir, collections: opts.collections ?? {}, intervalMs: opts.snapshotIntervalMs },
    opts.onSnapshotError ?? (() => undefined),
  );
  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid,
    dataDir,
    flush: () => snapshots.flush(),
    stop: () =>
      (stopped ??= (async () => {
        // The final snapshot needs the server: only if it is still running.
        if (child.exitCode === null && child.signalCode === null)
          await snapshots.close().catch(opts.onSnapshotError ?? (() => undefined));
        await client.close().catch(() => undefined);
        await stopProcess(child);
        unlock();
      })()),
  };
}
