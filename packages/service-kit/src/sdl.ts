import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentNode, parse } from 'graphql';

/**
 * Reads a subgraph's SDL: a single file, or a folder whose `*.graphql` files are joined
 * in name order (so each type's SDL can sit beside the resolver for it).
 */
export function readSdl(path: string): string {
  if (!statSync(path).isDirectory()) return readFileSync(path, 'utf8');
  return readdirSync(path)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(path, f), 'utf8'))
    .join('\n');
}

export function loadSdl(path: string): DocumentNode {
  return parse(readSdl(path));
}
