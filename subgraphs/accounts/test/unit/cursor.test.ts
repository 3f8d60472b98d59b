import { Cursors } from '../../src/data/cursor';

describe('Cursors', () => {
  const cursors = new Cursors('unit-test-secret-0123456789abcdef');
  const shape = Cursors.shape(['acct', true, null, null]);

  it('round-trips the position when the query shape matches', () => {
    expect(cursors.decode(cursors.encode(shape, 'bob\u0000id-1'), shape)).toBe('bob\u0000id-1');
  });

  it.each([
    ['garbage', 'Invalid cursor'],
    ['a.b.c', 'Invalid cursor'],
    ['', 'Invalid cursor'],
  ])('rejects %j', (cursor, message) => {
    expect(() => cursors.decode(cursor, shape)).toThrow(message);
  });

  it('rejects a cursor signed with another key or edited in transit', () => {
    const other = new Cursors('another-secret-0123456789abcdef012');
    expect(() => cursors.decode(other.encode(shape, 'k'), shape)).toThrow('Invalid cursor');
    const [payload, mac] = cursors.encode(shape, 'alice').split('.');
    const edited = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace('alice', 'zoe'),
    ).toString('base64url');
    expect(() => cursors.decode(`${edited}.${mac}`, shape)).toThrow('Invalid cursor');
  });

  it('rejects a cursor from a query with another shape', () => {
    expect(() =>
      cursors.decode(cursors.encode(shape, 'k'), Cursors.shape(['acct', false, null, null])),
    ).toThrow('The cursor belongs to a different query (filter, sorting or activeness changed)');
  });
});
