/**
 * Compiles the deployed layout once to plain JavaScript (esbuild, as bench/gateways/build.ts does):
 * each service's own entry (its src/main.ts) and the counters' preload. No process runs a
 * TypeScript loader. Workspace packages are bundled in; every npm dependency stays an ordinary
 * require, resolved from the importing file's own folder, so each one loads the version it loads
 * from source. Each subgraph's SDL is copied beside its bundle, as its own build copies it to dist/.
 */
import { builtinModules } from 'node:module';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Plugin, stop as stopEsbuild } from 'esbuild';

const ROOT = resolve(__dirname, '..', '..');
const BUILD_DIR = join(__dirname, '.build');
const SERVICE_DIRS = {
  admin: 'subgraphs/admin',
  accounts: 'subgraphs/accounts',
  gateway: 'gateway',
};
export type ServiceName = keyof typeof SERVICE_DIRS;

const npmExternal: Plugin = {
  name: 'npm-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@fedmgmt/')) return undefined;
      if (args.path.startsWith('node:') || builtinModules.includes(args.path))
        return { path: args.path, external: true };
      try {
        return { path: require.resolve(args.path, { paths: [args.resolveDir] }), external: true };
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

/** The preload needs only testkit's round-trip counter: the rest of testkit is the test stack. */
const counterOnly: Plugin = {
  name: 'testkit-counter-only',
  setup(b) {
    b.onResolve({ filter: /^@fedmgmt\/testkit$/ }, () => ({
      path: join(ROOT, 'packages/testkit/src/redisRoundTrips.ts'),
    }));
  },
};

export interface Built {
  main: Record<ServiceName, string>;
  preload: string;
}

export async function buildDeployed(): Promise<Built> {
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    format: 'cjs' as const,
    // The services run with --enable-source-maps, as their Dockerfiles start them.
    sourcemap: true,
    logLevel: 'warning' as const,
  };
  const main = {} as Record<ServiceName, string>;
  for (const [name, dir] of Object.entries(SERVICE_DIRS) as [ServiceName, string][]) {
    main[name] = join(BUILD_DIR, name, 'main.js');
    await build({
      ...common,
      entryPoints: [join(ROOT, dir, 'src/main.ts')],
      outfile: main[name],
      plugins: [npmExternal],
    });
    if (name !== 'gateway')
      cpSync(join(ROOT, dir, 'src/schema'), join(BUILD_DIR, name, 'schema'), { recursive: true });
  }
  const preload = join(BUILD_DIR, 'preload.js');
  await build({
    ...common,
    entryPoints: [join(__dirname, 'preload.ts')],
    outfile: preload,
    plugins: [counterOnly, npmExternal],
  });
  // esbuild's service process is not needed while the bench runs.
  await stopEsbuild();
  return { main, preload };
}

/** The composed supergraph the gateway ships with (`npm run compose`), as its image copies it. */
export const SUPERGRAPH_FILE = join(ROOT, 'gateway/supergraph.graphql');
