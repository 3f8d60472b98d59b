import { loadConfig } from '../../src/config';

const BASE = { INTERNAL_AUTH_SECRET: 'i'.repeat(32) };

describe('loadConfig().selfService', () => {
  it('has safe defaults: outbox sender, 5 minute states, 5 attempts, SHA1/6/30 TOTP', () => {
    const c = loadConfig(BASE).selfService;
    expect({ ...c, secret: undefined }).toEqual({
      secret: undefined,
      stateTtlMs: 300_000,
      otpLength: 6,
      maxAttempts: 5,
      sender: { kind: 'outbox', timeoutMs: 3000, outboxMax: 1000 },
      sendLimit: { max: 10, windowMs: 900_000 },
      totp: {
        issuer: 'fedmgmt',
        digits: 6,
        period: 30,
        algorithm: 'sha1',
        skew: 1,
        deviceType: 'totp',
      },
      webauthn: {
        rpId: 'localhost',
        rpName: 'fedmgmt',
        origins: ['http://localhost:3000'],
        deviceType: 'webauthn',
      },
      mfa: {
        factors: expect.arrayContaining([
          expect.objectContaining({
            acr: 'urn:se:curity:authentication:totp:totp-optin-mfa',
            type: 'totp',
          }),
        ]),
        recoveryCodes: 10,
      },
      links: {
        passwordReset: 'http://localhost:3000/reset-password',
        activation: 'http://localhost:3000/activate',
        ttlMs: 86_400_000,
      },
    });
    expect(c.secret).toMatch(/^[\w-]{43}$/);
    expect(c.secret).not.toEqual(
      loadConfig({ INTERNAL_AUTH_SECRET: 'j'.repeat(32) }).selfService.secret,
    );
  });

  it('reads the webhook sender, MFA factors and TOTP settings', () => {
    const c = loadConfig({
      ...BASE,
      SELFSERVICE_WEBHOOK_URL: 'https://mailer.internal/send',
      TOTP_DIGITS: '8',
      TOTP_ALGORITHM: 'sha256',
      TOTP_DEVICE_EXPIRES_IN_S: '3600',
      MFA_FACTORS: '[{"acr":"urn:a","type":"totp"},{"acr":"urn:b","description":"B"}]',
      WEBAUTHN_ORIGINS: 'https://a.example, https://b.example',
    }).selfService;
    expect(c.sender).toEqual({
      kind: 'webhook',
      webhookUrl: 'https://mailer.internal/send',
      timeoutMs: 3000,
      outboxMax: 1000,
    });
    expect(c.totp).toEqual(
      expect.objectContaining({ digits: 8, algorithm: 'sha256', deviceExpiresInS: 3600 }),
    );
    expect(c.mfa.factors).toEqual([
      { acr: 'urn:a', type: 'totp' },
      { acr: 'urn:b', description: 'B' },
    ]);
    expect(c.webauthn.origins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadConfig({
        ...BASE,
        SELFSERVICE_SENDER: 'webhook',
        SELFSERVICE_SECRET: 'short',
        MFA_FACTORS: '[{"type":"totp"}]',
        TOTP_DIGITS: '5',
        SELFSERVICE_MAX_ATTEMPTS: '0',
      }),
    ).toThrow(
      [
        'invalid configuration:',
        '  - SELFSERVICE_SECRET must be at least 32 bytes',
        '  - SELFSERVICE_WEBHOOK_URL is required when SELFSERVICE_SENDER=webhook',
        '  - MFA_FACTORS [0].acr must be a string',
        '  - SELFSERVICE_MAX_ATTEMPTS must be an integer in [1, 100], got "0"',
        '  - TOTP_DIGITS must be one of 6, 7, 8, got "5"',
      ].join('\n'),
    );
  });
});
