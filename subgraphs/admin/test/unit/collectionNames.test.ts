import { adminCollectionNames } from '../../src/data/repositories';

// `npm start` snapshots these collections of the embedded server; building the list must not need a live store or key.
describe('adminCollectionNames', () => {
  it('lists every collection the admin subgraph keeps, once each, without a store or an encryption key', () => {
    const names = adminCollectionNames();
    expect(names).toEqual(
      expect.arrayContaining([
        'users',
        'keypairs',
        'groups',
        'group_members',
        'domains',
        'sessions',
        'containers',
        'agents',
        'images',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
  });
});
