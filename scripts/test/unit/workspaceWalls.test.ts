import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The workspace walls in eslint.config.mjs: another workspace's files are reached only through its
 * front door (`@fedmgmt/<name>`). Lints deliberate violations and allowed imports with ESLint's Node
 * API and the repository's own config. A child process runs it: ESLint loads eslint.config.mjs with
 * import(), which Jest's module runtime refuses (no --experimental-vm-modules).
 */
const ROOT = join(__dirname, '..', '..', '..');

interface Probe {
  /** An existing file (the type-aware parser needs one in the project); its text is replaced. */
  file: string;
  code: string;
}
interface Finding {
  ruleId: string | null;
  line: number;
}

const LINT = `
const { ESLint } = require('eslint');
(async () => {
  const probes = JSON.parse(process.argv[1]);
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const p of probes) {
    const [r] = await eslint.lintText(p.code, { filePath: p.file });
    out.push(r.messages.map((m) => ({ ruleId: m.ruleId, line: m.line })));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((err) => { console.error(err); process.exit(1); });
`;

async function lint(probes: Probe[]): Promise<Finding[][]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', LINT, JSON.stringify(probes)],
    {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as Finding[][];
}

const IMPORTS = '@typescript-eslint/no-restricted-imports';

describe('workspace walls (eslint)', () => {
  let found: Finding[][];
  beforeAll(async () => {
    found = await lint([
      // 0: testkit reaching into the admin subgraph's files by package name
      {
        file: 'packages/testkit/src/http.ts',
        code: "import { loadConfig } from '@fedmgmt/admin/src/config';\nexport const c = loadConfig;\n",
      },
      // 1: bench/ reaching into the gateway's src/ by relative path (a type-only import counts too)
      {
        file: 'bench/auth/run.ts',
        code: "import type { GatewayConfig } from '../../gateway/src/config';\nexport const c: GatewayConfig | undefined = undefined;\n",
      },
      // 2: another workspace's test reaching sideways into accounts' src/
      {
        file: 'subgraphs/admin/test/integration/pageInfo.test.ts',
        code: "import { AccountsRepository } from '../../../accounts/src/data/accountsRepository';\nexport const r = AccountsRepository;\n",
      },
      // 3: a dynamic import() past the front door
      {
        file: 'gateway/src/cli/bootstrap.ts',
        code: "export const load = () => import('@fedmgmt/admin/src/server');\n",
      },
      // 4: allowed: the front doors, a workspace's own files, another package's package.json
      {
        file: 'bench/auth/run.ts',
        code: [
          "import { loadConfig } from '@fedmgmt/gateway';",
          "import type { AdminConfig } from '@fedmgmt/admin';",
          "import pkg from '@fedmgmt/accounts/package.json';",
          'export const c = loadConfig;',
          'export const a: AdminConfig | undefined = undefined;',
          'export const p: unknown = pkg;',
          "export const load = () => import('@fedmgmt/admin');",
          '',
        ].join('\n'),
      },
      {
        file: 'subgraphs/admin/test/integration/pageInfo.test.ts',
        code: "import { loadConfig } from '../../src/config';\nexport const c = loadConfig;\n",
      },
    ]);
  }, 180_000);

  it('refuses a package-name import of another workspace’s files', () => {
    expect(found[0]).toEqual([{ ruleId: IMPORTS, line: 1 }]);
  });

  it('refuses a relative import into another workspace’s src/, type-only or sideways', () => {
    expect(found[1]).toEqual([{ ruleId: IMPORTS, line: 1 }]);
    expect(found[2]).toEqual([{ ruleId: IMPORTS, line: 1 }]);
  });

  it('refuses a dynamic import() past the front door', () => {
    expect(found[3]).toEqual([{ ruleId: 'no-restricted-syntax', line: 1 }]);
  });

  it('lets front-door imports and a workspace’s own files through', () => {
    expect(found[4]).toEqual([]);
    expect(found[5]).toEqual([]);
  });
});
