/**
 * Compiles what the bench runs into plain JavaScript once (esbuild), so no process pays a TypeScript
 * loader: our gateway exactly as gateway/src/main.ts starts it, the bench subgraphs and the stock
 * Apollo peer. Our workspace packages are bundled in; every npm dependency stays an ordinary require.
 */
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(__dirname, '..', '..');
export const BUILD_DIR = join(__dirname, '.build');

const npmExternal: Plugin = {
  name: 'npm-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@fedmgmt/') ? undefined : { path: args.path, external: true },
    );
  },
};

export async function buildAll(): Promise<Record<'gateway' | 'subgraphs' | 'apollo', string>> {
  await build({
    entryPoints: {
      gateway: join(ROOT, 'gateway/src/main.ts'),
      subgraphs: join(__dirname, 'subgraphs/server.ts'),
      apollo: join(__dirname, 'peers/apollo.ts'),
    },
    outdir: BUILD_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [npmExternal],
    logLevel: 'warning',
  });
  return {
    gateway: join(BUILD_DIR, 'gateway.js'),
    subgraphs: join(BUILD_DIR, 'subgraphs.js'),
    apollo: join(BUILD_DIR, 'apollo.js'),
  };
}
