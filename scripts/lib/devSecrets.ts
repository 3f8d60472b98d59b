import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DevSecrets {
  internalAuthAdmin: string;
  internalAuthAccounts: string;
  adminSecretEncryptionKey: string;
  cursorKey: string;
}

/**
 * Dev-only secrets, generated once per checkout into .data/ (git-ignored, mode 0600), so the
 * dev stack needs no configuration and no secret lives in code. Production sets env vars.
 */
export function loadDevSecrets(path: string): DevSecrets {
  const fresh: DevSecrets = {
    internalAuthAdmin: randomBytes(32).toString('base64url'),
    internalAuthAccounts: randomBytes(32).toString('base64url'),
    adminSecretEncryptionKey: randomBytes(32).toString('base64'),
    cursorKey: randomBytes(32).toString('base64url'),
  };
  const existing = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<DevSecrets>)
    : {};
  const secrets = { ...fresh, ...existing };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
