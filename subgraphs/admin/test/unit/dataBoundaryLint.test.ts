import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The data boundary is enforced by eslint.config.mjs: `mongodb` may be imported only under
 * subgraphs/admin/src/data/, `ioredis` only under subgraphs/accounts/src/data/. Each snippet is
 * linted with the repository's own config through ESLint's Node API (lintSnippets.mjs).
 */
type Message = { ruleId: string | null; message: string };

function lint(snippets: { code: string; file: string }[]): Message[][] {
  const run = spawnSync(process.execPath, [join(__dirname, 'lintSnippets.mjs')], {
    input: JSON.stringify(snippets),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`lintSnippets failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Message[][];
}

const restricted = (messages: Message[] | undefined) =>
  (messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);

const MONGO = "import { MongoClient } from 'mongodb';\nexport const c = MongoClient;\n";
const MONGO_TYPE = "import type { Document } from 'mongodb';\nexport type D = Document;\n";
const REDIS = "import Redis from 'ioredis';\nexport const r = Redis;\n";

describe('data boundary lint rules', () => {
  let results: Message[][] = [];
  beforeAll(() => {
    results = lint([
      { code: MONGO, file: 'subgraphs/admin/src/resolvers/x.ts' },
      { code: MONGO, file: 'subgraphs/admin/src/data/x.ts' },
      { code: MONGO_TYPE, file: 'subgraphs/admin/src/resolvers/x.ts' },
      { code: MONGO, file: 'subgraphs/admin/src/loaders.ts' },
      { code: MONGO, file: 'subgraphs/admin/src/rules.ts' },
      { code: REDIS, file: 'subgraphs/accounts/src/resolvers/x.ts' },
      { code: REDIS, file: 'subgraphs/accounts/src/data/x.ts' },
    ]);
  });

  it('refuses a mongodb import in an admin resolver', () => {
    const messages = restricted(results[0]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/'mongodb' import is restricted.*subgraphs\/admin\/src\/data\//);
  });

  it('allows the same snippet under admin src/data/', () => {
    expect(results[1]).toEqual([]);
  });

  it('refuses type-only imports and imports in the loaders and rules too', () => {
    expect(restricted(results[2])).toHaveLength(1);
    expect(restricted(results[3])).toHaveLength(1);
    expect(restricted(results[4])).toHaveLength(1);
  });

  it('refuses ioredis in accounts outside src/data/ and allows it inside', () => {
    expect(restricted(results[5])).toEqual([
      expect.stringMatching(/'ioredis' import is restricted.*subgraphs\/accounts\/src\/data\//),
    ]);
    expect(results[6]).toEqual([]);
  });
});
