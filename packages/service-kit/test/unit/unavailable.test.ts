import { GraphQLError } from 'graphql';
import pino from 'pino';
import { storeFailure, storeOutageFormatter } from '../../src/unavailable';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened at mongodb://db:27017`), { ...extra, name });

describe('storeFailure', () => {
  it('classifies driver errors: not sent, maybe applied, or not a store outage', () => {
    expect(storeFailure(named('MongoServerSelectionError'))).toEqual({
      dependency: 'mongodb',
      maybeApplied: false,
    });
    expect(storeFailure(named('MongoWaitQueueTimeoutError'))).toEqual({
      dependency: 'mongodb',
      maybeApplied: false,
    });
    expect(storeFailure(named('MongoNetworkTimeoutError'))).toEqual({
      dependency: 'mongodb',
      maybeApplied: true,
    });
    expect(storeFailure(named('MongoServerError', { code: 50 }))).toEqual({
      dependency: 'mongodb',
      maybeApplied: true,
    });
    expect(
      storeFailure(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).toEqual({ dependency: 'redis', maybeApplied: false });
    expect(storeFailure(new Error('Command timed out'))).toEqual({
      dependency: 'redis',
      maybeApplied: true,
    });
    expect(storeFailure(named('MongoServerError', { code: 11000 }))).toBeUndefined();
    expect(storeFailure(new Error('boom'))).toBeUndefined();
  });

  it('finds the outage inside a resolver error', () => {
    const wrapped = new GraphQLError('x', { originalError: new Error('Command timed out') });
    expect(storeFailure(wrapped)?.dependency).toBe('redis');
  });
});

describe('storeOutageFormatter', () => {
  it('answers SERVICE_UNAVAILABLE with a fixed message and logs which store', () => {
    const lines: { dependency?: string; msg?: string }[] = [];
    const logger = pino(
      { level: 'warn' },
      { write: (l: string) => lines.push(JSON.parse(l) as { dependency?: string }) },
    );
    const format = storeOutageFormatter(logger);
    const err = new GraphQLError('Server selection timed out at mongodb://db:27017', {
      path: ['domains'],
      originalError: named('MongoServerSelectionError'),
    });
    const out = format(
      { message: err.message, path: ['domains'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      err,
    );
    expect(out).toEqual({
      message: 'A backing store is temporarily unavailable; retry shortly.',
      path: ['domains'],
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(lines).toEqual([
      expect.objectContaining({ dependency: 'mongodb', msg: 'store unavailable' }),
    ]);
    const other = { message: 'nope', extensions: { code: 'BAD_USER_INPUT' } };
    expect(format(other, new GraphQLError('nope'))).toBe(other);
  });
});
