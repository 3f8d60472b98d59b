/**
 * Composes supergraph.yaml (rover's config format) into gateway/supergraph.graphql with
 * @apollo/composition, the library rover's own `supergraph` plugin wraps.
 *
 *   npm run compose             write gateway/supergraph.graphql, report breaking changes
 *   npm run compose -- --check  fail when the checked-in file is stale
 *   --config <file> --out <file> compose another config (tests use temporary copies)
 *
 * Exit codes: 0 ok, 1 composition errors or stale file, 2 bad config.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findBreakingChanges } from 'graphql';
import {
  buildApiSchema,
  composeSupergraph,
  loadSupergraphConfig,
  type SubgraphInput,
} from './lib/supergraph';

process.env.APOLLO_TELEMETRY_DISABLED = '1';

const ROOT = resolve(__dirname, '..');

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  const value = i >= 0 ? argv[i + 1] : undefined;
  return value ? resolve(value) : fallback;
}

function printErrors(errors: readonly { message: string; where: string }[]): void {
  process.stderr.write(`composition failed with ${errors.length} error(s):\n`);
  for (const e of errors) process.stderr.write(`  - ${e.where}: ${e.message}\n`);
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const CONFIG = option(argv, '--config', join(ROOT, 'supergraph.yaml'));
  const OUTPUT = option(argv, '--out', join(ROOT, 'gateway', 'supergraph.graphql'));
  let subgraphs: SubgraphInput[];
  try {
    subgraphs = loadSupergraphConfig(CONFIG);
  } catch (err) {
    process.stderr.write(`${CONFIG}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const result = composeSupergraph(subgraphs);
  if (!result.ok) {
    printErrors(result.errors);
    return 1;
  }
  const previous = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : undefined;
  if (check) {
    if (previous !== result.supergraphSdl) {
      process.stderr.write(
        `${OUTPUT} is stale: a subgraph SDL or supergraph.yaml changed. Run \`npm run compose\`.\n`,
      );
      return 1;
    }
    process.stdout.write(`${OUTPUT} is up to date.\n`);
    return 0;
  }
  for (const hint of result.hints) process.stdout.write(`hint: ${hint}\n`);
  if (previous !== undefined) reportBreaking(previous, result.supergraphSdl);
  writeFileSync(OUTPUT, result.supergraphSdl);
  process.stdout.write(`wrote ${OUTPUT} (${subgraphs.map((s) => s.name).join(', ')})\n`);
  return 0;
}

function reportBreaking(previousSdl: string, nextSdl: string): void {
  let changes;
  try {
    changes = findBreakingChanges(buildApiSchema(previousSdl), buildApiSchema(nextSdl));
  } catch (err) {
    process.stdout.write(
      `breaking-change report skipped: previous supergraph unreadable (${String(err)})\n`,
    );
    return;
  }
  if (changes.length === 0) {
    process.stdout.write('breaking changes against the previous supergraph: none\n');
    return;
  }
  process.stdout.write(`breaking changes against the previous supergraph (${changes.length}):\n`);
  for (const c of changes) process.stdout.write(`  - ${c.type}: ${c.description}\n`);
}

process.exitCode = main(process.argv.slice(2));
