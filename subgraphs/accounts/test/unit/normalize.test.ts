import {
  idOfMember,
  keySegment,
  member,
  padTime,
  phoneKey,
  reversed,
  uniqueKey,
} from '../../src/data/normalize';

describe('uniqueKey', () => {
  it.each([
    ['Ａｄｍｉｎ', 'admin'],
    ['ADMIN', 'admin'],
    ['straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['ﬁnance', 'finance'],
    ['Ⅻ', 'xii'],
  ])('folds %s to %s', (input, expected) => {
    expect(uniqueKey(input)).toBe(expected);
  });

  it('keeps distinct names apart when they only look alike after rendering', () => {
    expect(uniqueKey('аdmin')).not.toBe(uniqueKey('admin')); // Cyrillic а is a different letter, not a compatibility variant
  });
});

describe('index members', () => {
  it('reverses by code point, so astral characters survive', () => {
    expect(reversed('ab😀c')).toBe('c😀ba');
  });

  it('orders fixed-width times as numbers and ids after a NUL', () => {
    expect(padTime(5) < padTime(40)).toBe(true);
    expect(idOfMember(member('joh', 'id:1'))).toBe('id:1');
    expect(Buffer.compare(Buffer.from(member('joh', 'z')), Buffer.from(member('john', 'a')))).toBe(
      -1,
    );
  });

  it('hex-encodes user input used in key names and normalizes phones', () => {
    expect(keySegment('a:{b}*')).toBe('613a7b627d2a');
    expect(phoneKey('+46 (70) 123-45.67')).toBe('+46701234567');
  });
});
