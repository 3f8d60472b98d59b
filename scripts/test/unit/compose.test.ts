import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, loadSupergraphConfig } from '../../lib/supergraph';

const ROOT = join(__dirname, '..', '..', '..');

function runCompose(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'compose.ts'), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' },
      timeout: 60_000,
    },
  );
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('npm run compose', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'compose-'));
    for (const sub of ['subgraphs/admin/src/schema', 'subgraphs/accounts/src/schema']) {
      cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
    }
    writeFileSync(join(dir, 'supergraph.yaml'), readFileSync(join(ROOT, 'supergraph.yaml')));
    writeFileSync(
      join(dir, 'supergraph.graphql'),
      readFileSync(join(ROOT, 'gateway', 'supergraph.graphql')),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const args = () => [
    '--config',
    join(dir, 'supergraph.yaml'),
    '--out',
    join(dir, 'supergraph.graphql'),
  ];

  it('passes --check when the checked-in supergraph matches the subgraph SDL', () => {
    expect(runCompose([...args(), '--check'])).toMatchObject({ status: 0 });
  });

  it('fails --check when a subgraph SDL changed without recomposing, then reports the change as non-breaking', () => {
    appendFileSync(
      join(dir, 'subgraphs/admin/src/schema/zz-extra.graphql'),
      'extend type Query { compose_probe: Int }\n',
    );
    const stale = runCompose([...args(), '--check']);
    expect(stale.status).toBe(1);
    expect(stale.out).toContain('is stale');
    const written = runCompose(args());
    expect(written.status).toBe(0);
    expect(written.out).toContain('breaking changes against the previous supergraph: none');
    expect(readFileSync(join(dir, 'supergraph.graphql'), 'utf8')).toContain('compose_probe');
  });

  it('reports a removed field as a breaking change', () => {
    rmSync(join(dir, 'subgraphs/admin/src/schema/zz-extra.graphql'));
    const r = runCompose(args());
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/FIELD_REMOVED: Query\.compose_probe was removed/);
  });
});

describe('composeSupergraph', () => {
  const subgraphs = () => loadSupergraphConfig(join(ROOT, 'supergraph.yaml'));

  it('names the subgraph, file and line of a syntax error', () => {
    const broken = subgraphs().map((s) =>
      s.name === 'accounts' ? { ...s, sdl: s.sdl.replace('type Query {', 'type Query { (') } : s,
    );
    const result = composeSupergraph(broken);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.where).toMatch(
      /^\[accounts\] subgraphs\/accounts\/src\/schema\/[\w-]+\.graphql:\d+:\d+$/,
    );
    expect(errors[0]?.message).toMatch(/Syntax Error/);
  });

  it('names the code and both subgraph locations of a type conflict', () => {
    const conflicting = subgraphs().map((s) =>
      s.name === 'accounts' ? { ...s, sdl: s.sdl.replace(/email: String!/, 'email: Int!') } : s,
    );
    const result = composeSupergraph(conflicting);
    expect(result.ok).toBe(false);
    const where = result.ok ? '' : result.errors.map((e) => e.where).join('\n');
    expect(where).toMatch(/FIELD_TYPE_MISMATCH at /);
    expect(where).toMatch(/\[admin\] subgraphs\/admin\/src\/schema\/[\w-]+\.graphql:\d+:\d+/);
    expect(where).toMatch(/\[accounts\] subgraphs\/accounts\/src\/schema\/[\w-]+\.graphql:\d+:\d+/);
  });
});
