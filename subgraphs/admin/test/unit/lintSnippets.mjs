// Lints code snippets as if they lived at given paths, with the repository's eslint.config.mjs,
// through ESLint's Node API. Runs as a child process (Jest's CommonJS runtime cannot load the
// ESM config). stdin: JSON [{code, file}] (file relative to the repository root); stdout: JSON
// [[{ruleId, message}]] per snippet. Type-aware rules are off: the snippets are not on disk.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const snippets = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
const out = [];
for (const { code, file } of snippets) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  out.push((result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
