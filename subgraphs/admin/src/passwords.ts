import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's OWASP-aligned defaults (m=19 MiB, t=2, p=1). */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

export function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  return verify(hashed, plain);
}
