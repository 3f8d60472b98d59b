import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTHING, scopeConditions } from '../../src/data/connections/mongoFilter';
import { admits, is, nothing, oneOf } from '../../src/data/connections/scope';

const SRC = join(__dirname, '../../src/resolvers');
const sources = (dir: string) =>
  readdirSync(join(SRC, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(SRC, dir, f), 'utf8') }));

describe('the Relay and V2 resolvers', () => {
  const files = [...sources('relay'), ...sources('v2')];

  it('import nothing from mongodb', () => {
    expect(files.filter((f) => /from 'mongodb'/.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it('write no MongoDB operator', () => {
    const operators = files.flatMap((f) =>
      [...f.text.matchAll(/['"]?\$[a-z][A-Za-z]*['"]?\s*:/g)].map((m) => `${f.file}: ${m[0]}`),
    );
    expect(operators).toEqual([]);
  });
});

describe('scopeConditions', () => {
  const paths = { id: '_id', domain: 'domain_name' };

  it('writes each restriction as the condition the resolvers used to build', () => {
    expect(
      scopeConditions(
        [nothing, is('domain', 'default'), oneOf('id', ['a', 'b']), is('id', 'c')],
        paths,
      ),
    ).toEqual([
      { _id: { $in: [] } },
      { domain_name: { $eq: 'default' } },
      { _id: { $in: ['a', 'b'] } },
      { _id: { $eq: 'c' } },
    ]);
    expect(scopeConditions([nothing], paths)[0]).toBe(NOTHING);
  });

  it('admits no condition at all for an unrestricted scope', () => {
    expect(scopeConditions([], paths)).toEqual([]);
  });
});

describe('admits', () => {
  it('checks one row against every restriction', () => {
    expect(admits([], { name: 'x' })).toBe(true);
    expect(admits([is('name', 'x')], { name: 'x' })).toBe(true);
    expect(admits([is('name', 'x')], { name: 'y' })).toBe(false);
    expect(admits([oneOf('name', ['x', 'y'])], { name: 'y' })).toBe(true);
    expect(admits([nothing], { name: 'x' })).toBe(false);
  });
});
