import { adminCollectionNames } from '../../src/data/repositories';

describe('adminCollectionNames (the embedded server snapshots these; npm start calls it)', () => {
  it('lists every collection without a MongoDB or a secret key', () => {
    const names = adminCollectionNames();
    expect(names).toEqual(expect.arrayContaining(['users', 'keypairs', 'groups', 'domains', 'sessions', 'containers', 'agents', 'images']));
  });
});
