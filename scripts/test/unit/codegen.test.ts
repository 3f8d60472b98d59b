import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const SUBGRAPHS = ['admin', 'accounts'];

function runCodegen(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'codegen.ts'), ...args],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('npm run codegen', () => {
  let dir: string;
  const generated = (name: string) => join(dir, 'subgraphs', name, 'src/generated/resolvers.ts');
  const args = () => ['--config', join(dir, 'supergraph.yaml')];
  /** The copy's supergraph.yaml cut down to one subgraph, so a run generates only that one. */
  const only = (name: string) => {
    const doc = YAML.parse(readFileSync(join(ROOT, 'supergraph.yaml'), 'utf8')) as {
      subgraphs: Record<string, unknown>;
    };
    doc.subgraphs = { [name]: doc.subgraphs[name] };
    const file = join(dir, `supergraph-${name}.yaml`);
    writeFileSync(file, YAML.stringify(doc));
    return ['--config', file];
  };

  // A copy of the SDL folders and the checked-in generated files, as the repository has them.
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'codegen-'));
    for (const name of SUBGRAPHS) {
      for (const sub of ['src/schema', 'src/generated']) {
        const path = join('subgraphs', name, sub);
        cpSync(join(ROOT, path), join(dir, path), { recursive: true });
      }
    }
    writeFileSync(join(dir, 'supergraph.yaml'), readFileSync(join(ROOT, 'supergraph.yaml')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes --check when the checked-in resolver types match the SDL', () => {
    const r = runCodegen([...args(), '--check']);
    expect(r).toMatchObject({ status: 0 });
    for (const name of SUBGRAPHS)
      expect(r.out).toContain(`subgraphs/${name}/src/generated/resolvers.ts is up to date.`);
  });

  it('fails --check when an SDL changed without regenerating, then regenerates the types', () => {
    appendFileSync(
      join(dir, 'subgraphs/accounts/src/schema/zz-extra.graphql'),
      'extend type Query { codegenProbe(size: Int!): Int }\n',
    );
    const stale = runCodegen([...only('accounts'), '--check']);
    expect(stale.status).toBe(1);
    expect(stale.out).toMatch(/subgraphs\/accounts\/src\/generated\/resolvers\.ts is stale/);
    expect(readFileSync(generated('accounts'), 'utf8')).not.toContain('codegenProbe');

    const written = runCodegen(only('accounts'));
    expect(written.status).toBe(0);
    expect(written.out).toMatch(/wrote .*subgraphs\/accounts\/src\/generated\/resolvers\.ts/);
    expect(readFileSync(generated('accounts'), 'utf8')).toContain(
      "export type QueryCodegenProbeArgs = {\n  size: Scalars['Int']['input'];\n};",
    );
    expect(runCodegen([...only('accounts'), '--check'])).toMatchObject({ status: 0 });
  });

  it('fails when an SDL uses a custom scalar codegen.ts does not map', () => {
    appendFileSync(
      join(dir, 'subgraphs/admin/src/schema/zz-extra.graphql'),
      'scalar Unmapped\nextend type Query { codegenScalarProbe: Unmapped }\n',
    );
    const r = runCodegen([...only('admin'), '--check']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('Unknown scalar type Unmapped');
  });
});
