/**
 * Generates each subgraph's typed resolvers from its SDL with GraphQL Code Generator
 * (typescript + typescript-resolvers, federation: true). The SDL folders come from
 * supergraph.yaml; the context type, scalars and mappers from subgraphs/<name>/codegen.ts.
 *
 *   npm run codegen             write subgraphs/<name>/src/generated/resolvers.ts
 *   npm run codegen -- --check  fail when a checked-in file is stale (`npm test` runs this)
 *   --config <file>             another supergraph.yaml (tests use temporary copies)
 *
 * Exit codes: 0 ok, 1 stale file or generation error.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { generateResolvers } from './lib/codegen';

const ROOT = resolve(__dirname, '..');

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const i = argv.indexOf('--config');
  const config = resolve(argv[i + 1] && i >= 0 ? argv[i + 1]! : join(ROOT, 'supergraph.yaml'));
  let files;
  try {
    files = await generateResolvers(config, ROOT);
  } catch (err) {
    process.stderr.write(`codegen failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  let stale = 0;
  for (const f of files) {
    const name = relative(process.cwd(), f.path);
    const previous = existsSync(f.path) ? readFileSync(f.path, 'utf8') : undefined;
    if (previous === f.content) {
      process.stdout.write(`${name} is up to date.\n`);
    } else if (check) {
      stale += 1;
      process.stderr.write(
        `${name} is stale: the ${f.subgraph} SDL or codegen.ts changed. Run \`npm run codegen\`.\n`,
      );
    } else {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.content);
      process.stdout.write(`wrote ${name}\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  },
);
