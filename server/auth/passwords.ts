import { hash, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which isolatedModules cannot read at runtime.
const ARGON2ID: Algorithm.Argon2id = 2;

// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane. The parameters are
// stored in each hash, so raising them later does not invalidate old hashes.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Hashes a password with argon2id and a random salt; the result (a PHC
 * string, `$argon2id$v=19$...`) is what goes in `User.passwordHash`.
 */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

/**
 * Whether `plain` is the password `hash` was made from. Rejects if `hash` is
 * not an argon2 PHC string (a corrupt row is a bug, not a wrong password).
 */
export function verifyPassword(hash: string, plain: string): Promise<boolean> {
  return verify(hash, plain);
}
