import { loadConfig } from '../../src/config';
import { originAllowed } from '../../src/cors';

const base = { INTERNAL_AUTH_SECRET_ADMIN: 'a'.repeat(43) };

describe('CORS_ORIGINS', () => {
  it('defaults to none in production and to loopback origins otherwise', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).cors).toEqual({
      origins: [],
      loopback: false,
    });
    expect(loadConfig(base).cors).toEqual({ origins: [], loopback: true });
  });

  it('takes exact origins (normalised), loopback and none', () => {
    expect(
      loadConfig({
        ...base,
        NODE_ENV: 'production',
        CORS_ORIGINS: 'https://Console.Example.com, http://ops.example:8080/',
      }).cors,
    ).toEqual({
      origins: ['https://console.example.com', 'http://ops.example:8080'],
      loopback: false,
    });
    expect(loadConfig({ ...base, CORS_ORIGINS: 'none' }).cors).toEqual({
      origins: [],
      loopback: false,
    });
    expect(loadConfig({ ...base, NODE_ENV: 'production', CORS_ORIGINS: 'loopback' }).cors).toEqual({
      origins: [],
      loopback: true,
    });
  });

  it('refuses wildcards, paths and non-http schemes', () => {
    for (const bad of [
      '*',
      'https://*.example.com',
      'https://console.example.com/app',
      'ftp://x.example',
      'console.example.com',
      'https://u:p@x.example',
    ]) {
      expect(() => loadConfig({ ...base, CORS_ORIGINS: bad })).toThrow(
        'CORS_ORIGINS entries must be exact origins',
      );
    }
  });
});

describe('originAllowed', () => {
  it('matches listed origins exactly and loopback hosts on any port', () => {
    const cors = { origins: ['https://console.example.com'], loopback: true };
    expect(
      [
        'https://console.example.com',
        'http://localhost:1',
        'https://127.0.0.1:8443',
        'http://[::1]:3000',
      ].map((o) => originAllowed(cors, o)),
    ).toEqual([true, true, true, true]);
    expect(
      [
        'https://console.example.com:443x',
        'http://console.example.com',
        'http://localhost.evil:1',
        'http://127.0.0.2:1',
        'null',
        'http://localhost:1/x',
      ].map((o) => originAllowed(cors, o)),
    ).toEqual([false, false, false, false, false, false]);
  });
});
