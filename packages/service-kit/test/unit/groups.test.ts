import { normalizeGroups } from '../../src/groups';

/**
 * Caller groups were normalised in three places (gateway token claims, service-kit's context parser,
 * accounts' authorizer). End to end, what reached the authorizer was the gateway's reading: these cases
 * pin it; the gateway now normalises once and the subgraphs use the forwarded list as-is.
 */
describe('normalizeGroups', () => {
  it.each<[string, unknown, string[] | undefined]>([
    ['names', ['admin', 'devops'], ['admin', 'devops']],
    [
      'SCIM {value} objects beside names',
      ['admin', { type: '', value: 'devops', primary: true }],
      ['admin', 'devops'],
    ],
    [
      'duplicates, also across the two shapes (first one wins the order)',
      ['b', 'a', { value: 'b' }, 'a'],
      ['b', 'a'],
    ],
    ['case kept: names are case-sensitive', ['Admin', 'admin'], ['Admin', 'admin']],
    ['an empty list', [], []],
    ['a bare string (not a list)', 'admin', undefined],
    ['an object (not a list)', { value: 'admin' }, undefined],
    ['an entry that is not a name', ['admin', 3], undefined],
    ['an empty name', ['admin', ''], undefined],
    ['a {value} that is not a name', [{ value: 3 }], undefined],
    ['a {value} that is empty', [{ value: '' }], undefined],
    ['null in the list', [null], undefined],
  ])('%s', (_name, raw, expected) => {
    expect(normalizeGroups(raw)).toEqual(expected);
  });
});
