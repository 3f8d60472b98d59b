import { relative } from 'node:path';
import type { Embedded } from './index';

/**
 * The lines `npm start` prints about where its data lives and how to reset it. `mongo` and
 * `redis` are what the stack runs on; stores it did not start (MONGO_URL, REDIS_URL, the local
 * Redis on 6379) are left to their own configuration.
 */
export function describeDevData(
  root: string,
  mongo: Pick<Embedded, 'dataDir'>,
  redis: Pick<Embedded, 'dataDir'>,
): string[] {
  const rel = (p: string) => relative(root, p) || '.';
  const lines: string[] = [];
  if (mongo.dataDir) {
    lines.push(
      `admin data  ${rel(mongo.dataDir)}/ (the embedded server is snapshotted there every 2 s and on stop; a crash loses at most the last 2 s)`,
    );
  }
  if (redis.dataDir)
    lines.push(`redis data  ${rel(redis.dataDir)}/ (private redis-server, append-only file)`);
  const dirs = [mongo.dataDir, redis.dataDir].filter((d): d is string => !!d).map(rel);
  if (dirs.length > 0) lines.push(`reset       stop the stack, then: rm -rf ${dirs.join(' ')}`);
  return lines;
}
