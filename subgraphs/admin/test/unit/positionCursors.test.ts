import { GraphQLError } from 'graphql';
import { PositionCursors } from '../../src/data/positionCursors';
import { SecretBox } from '../../src/data/secretBox';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return err instanceof GraphQLError ? [err.extensions.code, err.message] : String(err);
  }
};

describe('PositionCursors', () => {
  const key = new SecretBox(Buffer.alloc(32, 1)).derive('fedmgmt/admin/cursor/v1');
  const cursors = new PositionCursors(key);
  const shape = PositionCursors.shape(['user_nodes', 'me', { role: 'user' }]);

  it('round-trips a position bound to its query shape', () => {
    expect(cursors.decode(cursors.encode(shape, 41), shape, 'after')).toBe(41);
  });

  it('refuses a changed payload, a foreign key, another shape and malformed input', () => {
    const good = cursors.encode(shape, 5);
    const [payload, mac] = good.split('.') as [string, string];
    const moved = `${Buffer.from(JSON.stringify({ q: shape, p: 0 })).toString('base64url')}.${mac}`;
    const other = new PositionCursors(
      new SecretBox(Buffer.alloc(32, 2)).derive('fedmgmt/admin/cursor/v1'),
    ).encode(shape, 5);
    const invalid = ['BAD_USER_INPUT', 'Invalid cursor (after)'];
    expect(codeOf(() => cursors.decode(moved, shape, 'after'))).toEqual(invalid);
    expect(codeOf(() => cursors.decode(other, shape, 'after'))).toEqual(invalid);
    expect(codeOf(() => cursors.decode(`${payload}.${mac}.x`, shape, 'after'))).toEqual(invalid);
    expect(codeOf(() => cursors.decode('', shape, 'after'))).toEqual(invalid);
    expect(
      codeOf(() =>
        cursors.decode(good, PositionCursors.shape(['user_nodes', 'someone else']), 'before'),
      ),
    ).toEqual([
      'BAD_USER_INPUT',
      'The cursor belongs to a different query (filter, order or caller changed) (before)',
    ]);
  });

  it('derives a key that differs from the box key and per label', () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    expect([
      box.derive('a').equals(box.derive('b')),
      box.derive('a').equals(Buffer.alloc(32, 1)),
      box.derive('a').length,
    ]).toEqual([false, false, 32]);
  });
});
