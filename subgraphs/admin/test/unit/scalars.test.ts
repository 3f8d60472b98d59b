import { Kind } from 'graphql';
import { scalars } from '../../src/resolvers/scalars';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('BigInt', () => {
  const { BigInt: B } = scalars;

  it('accepts integers up to ±(2^53−1) from variables and literals', () => {
    expect(B.parseValue(9007199254740991)).toBe(9007199254740991);
    expect(B.parseValue(-9007199254740991)).toBe(-9007199254740991);
    expect(B.parseLiteral({ kind: Kind.INT, value: '9007199254740991' })).toBe(9007199254740991);
    expect(B.serialize(1073741824000)).toBe(1073741824000);
  });

  it('rejects 2^53, fractions and strings instead of rounding', () => {
    expect(errorOf(() => B.parseValue(9007199254740992))).toBe(
      'BigInt must be an integer within ±(2^53−1), got 9007199254740992',
    );
    expect(errorOf(() => B.parseLiteral({ kind: Kind.INT, value: '9007199254740993' }))).toBe(
      'BigInt must be an integer within ±(2^53−1), got 9007199254740993',
    );
    expect(errorOf(() => B.parseValue(1.5))).toBe(
      'BigInt must be an integer within ±(2^53−1), got 1.5',
    );
    expect(errorOf(() => B.parseValue('12'))).toBe(
      'BigInt must be an integer within ±(2^53−1), got "12"',
    );
    expect(errorOf(() => B.parseLiteral({ kind: Kind.FLOAT, value: '1.0' }))).toBe(
      'BigInt must be an integer literal within ±(2^53−1), got FloatValue',
    );
    expect(errorOf(() => B.serialize(2 ** 53))).toBe(
      'BigInt cannot serialize an integer out of the safe range ±(2^53−1)',
    );
  });
});

describe('UUID', () => {
  it('normalises to lowercase and rejects anything but 8-4-4-4-12 hex', () => {
    expect(scalars.UUID.parseValue('2DE2B969-1D04-48A6-AF16-0BC8ADB3C831')).toBe(
      '2de2b969-1d04-48a6-af16-0bc8adb3c831',
    );
    expect(errorOf(() => scalars.UUID.parseValue('2de2b9691d0448a6af160bc8adb3c831'))).toBe(
      'UUID must be a string of 8-4-4-4-12 hexadecimal digits, got "2de2b9691d0448a6af160bc8adb3c831"',
    );
    expect(errorOf(() => scalars.UUID.parseValue('zde2b969-1d04-48a6-af16-0bc8adb3c831'))).toMatch(
      /^UUID must be/,
    );
  });
});

describe('JSONString', () => {
  it('parses on input and stringifies on output', () => {
    expect(scalars.JSONString.parseValue('{"cpu": "4"}')).toEqual({ cpu: '4' });
    expect(scalars.JSONString.serialize({ cpu: '4' })).toBe('{"cpu":"4"}');
  });

  it('names invalid JSON as an input error', () => {
    expect(errorOf(() => scalars.JSONString.parseValue('{cpu: 4}'))).toMatch(
      /^JSONString holds invalid JSON: /,
    );
    expect(errorOf(() => scalars.JSONString.parseValue({ cpu: 4 }))).toBe(
      'JSONString must be a string holding JSON, got object',
    );
  });
});

describe('DateTime', () => {
  it('reads ISO-8601 and writes UTC ISO strings', () => {
    expect(scalars.DateTime.parseValue('2024-05-01T12:34:56.123456+00:00')).toEqual(
      new Date('2024-05-01T12:34:56.123Z'),
    );
    expect(scalars.DateTime.serialize(new Date('2024-05-01T12:34:56.123Z'))).toBe(
      '2024-05-01T12:34:56.123Z',
    );
    expect(errorOf(() => scalars.DateTime.parseValue('May 1, 2024'))).toBe(
      'DateTime must be an ISO-8601 string, got "May 1, 2024"',
    );
  });
});
