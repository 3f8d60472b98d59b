import { ConfigError, EnvReader } from '../../src/env';

describe('EnvReader', () => {
  it('reads typed values and falls back to defaults', () => {
    const e = new EnvReader({ PORT: '4100', FLAG: 'true', MODE: 'b', URL: 'redis://h:1/0' });
    const values = [
      e.int('PORT', 1),
      e.int('MISSING', 7),
      e.bool('FLAG', false),
      e.oneOf('MODE', ['a', 'b'], 'a'),
      e.url('URL', ['redis:']),
    ];
    e.finish();
    expect(values).toEqual([4100, 7, true, 'b', 'redis://h:1/0']);
  });

  it('names every bad variable at once', () => {
    const e = new EnvReader({
      PORT: '-1',
      FLAG: 'maybe',
      MODE: 'c',
      URL: 'http://x',
      SECRET: 'short',
    });
    e.int('PORT', 1, 0, 65535);
    e.bool('FLAG', false);
    e.oneOf('MODE', ['a', 'b'], 'a');
    e.url('URL', ['redis:']);
    e.secret('SECRET');
    e.string('REQUIRED');
    let error: unknown;
    try {
      e.finish();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be an integer in [0, 65535], got "-1"',
      'FLAG must be a boolean (true/false), got "maybe"',
      'MODE must be one of a, b, got "c"',
      'URL must be a redis: URL',
      'SECRET must be at least 32 bytes',
      'REQUIRED is required',
    ]);
  });
});
