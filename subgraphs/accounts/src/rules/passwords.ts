import { hash, verify } from '@node-rs/argon2';
import { credentialRejected } from '../errors';
import type { CredentialPolicy } from './credentialPolicy';

/** Checks the policy, then hashes with Argon2id (the library's default algorithm). */
export async function newPasswordHash(policy: CredentialPolicy, password: string): Promise<string> {
  policy.check(password);
  return hash(password);
}

/** Rejects unless `password` matches the stored hash; the same error when no password is set. */
export async function requireCurrentPassword(stored: string, password: string): Promise<void> {
  const ok = stored !== '' && (await verify(stored, password).catch(() => false));
  if (!ok) throw credentialRejected('The current password is incorrect');
}
