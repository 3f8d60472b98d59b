import { normalizeBody } from '../../src/backendai';
import { jsonDepthExceeds } from '../../src/body';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('jsonDepthExceeds', () => {
  it('counts nested objects and arrays', () => {
    expect(jsonDepthExceeds(b('{"a":[{"b":[]}]}'), 4)).toBe(false);
    expect(jsonDepthExceeds(b('{"a":[{"b":[]}]}'), 3)).toBe(true);
    expect(jsonDepthExceeds(b('[[],[],[[]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(b('[[],[],[[]]]'), 2)).toBe(true);
  });

  it('ignores brackets inside strings, with escaped quotes and backslashes', () => {
    expect(jsonDepthExceeds(b('{"s":"[[[[{{{{"}'), 1)).toBe(false);
    expect(jsonDepthExceeds(b('{"s":"\\"[[[["}'), 1)).toBe(false);
    expect(jsonDepthExceeds(b('{"s":"\\\\","t":[[1]]}'), 2)).toBe(true);
    expect(jsonDepthExceeds(b('{"s":"é[","t":1}'), 1)).toBe(false);
  });

  it('scans a megabyte of brackets without recursion', () => {
    expect(jsonDepthExceeds(Buffer.alloc(1_000_000, '['), 64)).toBe(true);
    expect(
      jsonDepthExceeds(Buffer.from(`${'['.repeat(500_000)}${']'.repeat(500_000)}`), 500_000),
    ).toBe(false);
  });
});

describe('normalizeBody (Backend.AI endpoints)', () => {
  it('takes operation_name or operationName, whichever is not null', () => {
    expect(normalizeBody({ query: 'q', operation_name: 'A' })).toEqual({
      query: 'q',
      operationName: 'A',
    });
    expect(normalizeBody({ query: 'q', operationName: null, operation_name: 'A' })).toEqual({
      query: 'q',
      operationName: 'A',
    });
    expect(normalizeBody({ query: 'q', operation_name: null, operationName: 'A' })).toEqual({
      query: 'q',
      operationName: 'A',
    });
    expect(normalizeBody({ query: 'q', operation_name: null })).toEqual({ query: 'q' });
  });

  it('refuses a non-string name and a non-object body', () => {
    expect(normalizeBody({ query: 'q', operation_name: 5 })).toBeUndefined();
    expect(normalizeBody({ query: 'q', operationName: ['A'] })).toBeUndefined();
    expect(normalizeBody([{ query: 'q' }])).toBeUndefined();
    expect(normalizeBody('q')).toBeUndefined();
  });
});
