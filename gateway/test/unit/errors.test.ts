import { maskError } from '../../src/errors';

describe('maskError', () => {
  it('keeps a Curity constraint violation with its classification and field', () => {
    expect(
      maskError({
        message: 'userName is already taken',
        path: ['createAccount'],
        extensions: {
          code: 'BAD_USER_INPUT',
          classification: 'constraint-violation',
          field: 'userName',
          stacktrace: ['at x (/work/a.ts:1)'],
        },
      }),
    ).toEqual({
      message: 'userName is already taken',
      path: ['createAccount'],
      extensions: {
        code: 'BAD_USER_INPUT',
        classification: 'constraint-violation',
        field: 'userName',
      },
    });
  });

  it('keeps the rule details of a rejected password and the not-supported cause of a refused listing', () => {
    const details = [{ message: 'at least 8 characters' }, { message: 'a digit' }];
    expect(
      maskError({
        message: 'Password rejected',
        extensions: {
          code: 'BAD_USER_INPUT',
          classification: 'credential-update-rejected',
          details,
        },
      }).extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
      classification: 'credential-update-rejected',
      details,
    });
    expect(
      maskError({
        message: 'Sorting is not supported',
        extensions: { classification: 'operation-not-supported', 'not-supported-cause': 'SORTING' },
      }),
    ).toEqual({
      message: 'Sorting is not supported',
      extensions: { classification: 'operation-not-supported', 'not-supported-cause': 'SORTING' },
    });
  });

  it('hides subgraph URLs, driver messages and unknown failures', () => {
    expect(
      maskError({
        message: 'request to http://127.0.0.1:4002/graphql failed, reason: connect ECONNREFUSED',
        extensions: { code: 'INTERNAL_SERVER_ERROR', response: { url: 'http://127.0.0.1:4002' } },
      }),
    ).toEqual({
      message: 'A backing service did not answer in time; the data it owns is missing.',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
    });
    expect(
      maskError({
        message: 'E11000 duplicate key error collection: fedmgmt.users',
        path: ['x'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
    ).toEqual({
      message: 'Internal server error',
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(
      maskError({ message: 'Forbidden: see mongodb://db:27017', extensions: { code: 'FORBIDDEN' } })
        .message,
    ).toBe('Internal server error');
  });
});
