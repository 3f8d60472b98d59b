import { isMutation, maskError, subgraphFailure } from '../../src/errors';

const refused = Object.assign(new TypeError('fetch failed'), {
  cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4002'), { code: 'ECONNREFUSED' }),
});
const timedOut = Object.assign(new Error('The operation was aborted due to timeout'), {
  name: 'TimeoutError',
});
const cutOff = Object.assign(new TypeError('terminated'), {
  cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
});

describe('subgraphFailure', () => {
  it('tells mutations from queries by the planned operation', () => {
    expect([
      isMutation('mutation($a:Int){x}'),
      isMutation(' mutation Op__accounts__0{x}'),
      isMutation('query{x}'),
      isMutation('{mutationLog}'),
      isMutation(undefined),
    ]).toEqual([true, true, false, false, false]);
  });

  it('a query whose subgraph failed in any way: SUBGRAPH_UNAVAILABLE', () => {
    for (const [err, status] of [
      [refused],
      [timedOut],
      [cutOff],
      [new Error('Expected JSON'), 502],
    ] as const) {
      expect(subgraphFailure(err, false, status).extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    }
  });

  it('a mutation never sent: SUBGRAPH_UNAVAILABLE (not applied); sent then timed out, cut off or 5xx: OUTCOME_UNKNOWN', () => {
    expect(subgraphFailure(refused, true).extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(subgraphFailure(refused, true).message).toMatch(/not applied/);
    for (const [err, status] of [
      [timedOut],
      [cutOff],
      [new Error('500: Internal Server Error'), 500],
    ] as const) {
      const f = subgraphFailure(err, true, status);
      expect(f.extensions.code).toBe('OUTCOME_UNKNOWN');
      expect(f.message).not.toMatch(/missing/);
    }
  });

  it('passes the outage codes through maskError with their own messages and nothing else', () => {
    for (const code of ['SERVICE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'OUTCOME_UNKNOWN']) {
      expect(
        maskError({
          message: 'A backing store is temporarily unavailable; retry shortly.',
          path: ['x'],
          extensions: { code, serviceName: 'accounts' },
        }),
      ).toEqual({
        message: 'A backing store is temporarily unavailable; retry shortly.',
        path: ['x'],
        extensions: { code },
      });
    }
  });
});
