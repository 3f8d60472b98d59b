import pino, { type Logger } from 'pino';

export type { Logger };

/** Every service's logger: JSON lines; secrets and credentials redacted by path. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-internal-auth"]',
        'req.headers.cookie',
        '*.password',
        '*.secret_key',
        '*.client_secret',
      ],
      censor: '[redacted]',
    },
  });
}
