import { compileFilter } from '../../src/data/minilangMongo';
import { compileOrder } from '../../src/minilang/compile';
import { USER_FIELDS } from '../../src/minilang/fields';
import { parseFilter } from '../../src/minilang/filter';
import { parseOrder } from '../../src/minilang/order';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('filter grammar', () => {
  it('groups & and | to the right with equal precedence', () => {
    expect(parseFilter('a == 1 & b == 2 | c == 3')).toEqual({
      kind: 'and',
      left: { kind: 'cmp', field: 'a', op: '==', value: 1, pos: 0 },
      right: {
        kind: 'or',
        left: { kind: 'cmp', field: 'b', op: '==', value: 2, pos: 9 },
        right: { kind: 'cmp', field: 'c', op: '==', value: 3, pos: 18 },
      },
    });
  });

  it('applies ! to everything after it', () => {
    expect(parseFilter('!a==1 & b==2')).toEqual({
      kind: 'not',
      expr: {
        kind: 'and',
        left: { kind: 'cmp', field: 'a', op: '==', value: 1, pos: 1 },
        right: { kind: 'cmp', field: 'b', op: '==', value: 2, pos: 8 },
      },
    });
  });

  it('reads strings with escapes, signed numbers, arrays and keywords', () => {
    expect(parseFilter('x in ["a\\"b", -1.5, null, true, false, []]')).toEqual({
      kind: 'cmp',
      field: 'x',
      op: 'in',
      value: ['a"b', -1.5, null, true, false, []],
      pos: 0,
    });
    expect(parseFilter('(x isnot null)')).toEqual({
      kind: 'cmp',
      field: 'x',
      op: 'isnot',
      value: null,
      pos: 1,
    });
  });

  it.each([
    [
      "email ilike '%x'",
      'Query filter parsing error: unexpected character "\'" (strings use double quotes) at position 12',
    ],
    ['email == "abc', 'Query filter parsing error: unterminated string at position 9'],
    [
      'email == abc',
      'Query filter parsing error: expected a value (a "double-quoted" string, number, array, null, true or false) but found "abc" at position 9',
    ],
    [
      '(email == "a"',
      'Query filter parsing error: expected ")" but found end of input at position 13',
    ],
    ['email = "a"', 'Query filter parsing error: unexpected character "=" at position 6'],
    ['email == {"$gt": ""}', 'Query filter parsing error: unexpected character "{" at position 9'],
    [
      'email == "a" &',
      'Query filter parsing error: expected a field name but found end of input at position 14',
    ],
    ['email == "a" )', 'Query filter parsing error: unexpected ")" at position 13'],
    [
      'email matches "a"',
      'Query filter parsing error: expected an operator (== != > >= < <= contains in is isnot like ilike) but found "matches" at position 6',
    ],
  ])('rejects %s naming the position', (src, message) => {
    expect(messageOf(() => parseFilter(src))).toBe(message);
  });
});

describe('compileFilter', () => {
  it("compiles the client documents' filter into whitelisted paths and $eq-style slots", () => {
    expect(compileFilter('email ilike "%@lablup.com" & role == "USER"', USER_FIELDS)).toEqual({
      $and: [{ email: { $regex: '^.*@lablup\\.com$', $options: 'i' } }, { role: { $eq: 'user' } }],
    });
  });

  it('escapes regex characters in contains and like', () => {
    expect(compileFilter('username contains ".*(a|b)"', USER_FIELDS)).toEqual({
      username: { $regex: '\\.\\*\\(a\\|b\\)' },
    });
    expect(compileFilter('username like "a_b%"', USER_FIELDS)).toEqual({
      username: { $regex: '^a.b.*$' },
    });
  });

  it('maps uuid to _id, dates to Date, negation to $nor and status names to values', () => {
    expect(
      compileFilter(
        '!(uuid == "ABCDEF00-0000-4000-8000-000000000000" | created_at >= "2024-01-01") & status == "BEFORE_VERIFICATION"',
        USER_FIELDS,
      ),
    ).toEqual({
      $nor: [
        {
          $and: [
            {
              $or: [
                { _id: { $eq: 'abcdef00-0000-4000-8000-000000000000' } },
                { created_at: { $gte: new Date('2024-01-01') } },
              ],
            },
            { status: { $eq: 'before-verification' } },
          ],
        },
      ],
    });
  });

  it.each([
    ['$where == "1"', 'Query filter parsing error: unexpected character "$" at position 0'],
    ['password == "x"', 'Unknown/unsupported field name "password" in filter at position 0'],
    ['__proto__ == "x"', 'Unknown/unsupported field name "__proto__" in filter at position 0'],
    ['email == 1', '"email" is a string field, got 1 at position 0'],
    ['is_active == "true"', '"is_active" is a boolean field, got "true" at position 0'],
    [
      'role == "root"',
      '"role" must be one of superadmin, admin, user, monitor, got "root" at position 0',
    ],
    ['email in "a"', '"in" takes an array such as ["a", "b"] at position 0'],
    ['created_at > "yesterday"', '"created_at" is a date field, got "yesterday" at position 0'],
    ['is_active like "t%"', '"like" needs a text field, "is_active" is not at position 0'],
  ])('rejects %s', (src, message) => {
    expect(messageOf(() => compileFilter(src, USER_FIELDS))).toBe(message);
  });
});

describe('order grammar', () => {
  it('reads +, - and bare fields', () => {
    expect(parseOrder('-created_at, +email,username')).toEqual([
      { field: 'created_at', ascending: false, pos: 1 },
      { field: 'email', ascending: true, pos: 14 },
      { field: 'username', ascending: true, pos: 20 },
    ]);
    expect(parseOrder('')).toEqual([]);
  });

  it('compiles to whitelisted paths and refuses unknown fields and bad syntax', () => {
    expect(compileOrder('-uuid,email', USER_FIELDS)).toEqual([
      ['_id', -1],
      ['email', 1],
    ]);
    expect(messageOf(() => compileOrder('-password', USER_FIELDS))).toBe(
      'Query order parsing error: unknown/unsupported field name "password" at position 1',
    );
    expect(messageOf(() => compileOrder('email,,', USER_FIELDS))).toBe(
      'Query order parsing error: expected a field name but found "," at position 6',
    );
    expect(messageOf(() => compileOrder('email desc', USER_FIELDS))).toBe(
      'Query order parsing error: expected "," but found "desc" at position 6',
    );
    expect(messageOf(() => compileOrder('{"$natural": 1}', USER_FIELDS))).toBe(
      'Query order parsing error: unexpected character "{" at position 0',
    );
  });
});
