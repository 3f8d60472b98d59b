import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './requestId';

export type { Logger };

/**
 * Every service's logger: JSON lines; secrets and credentials redacted by path; each line
 * logged while serving a request carries that request's `requestId`.
 */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
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
  };
  return destination ? pino(options, destination) : pino(options);
}
