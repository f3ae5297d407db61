import { randomInt, timingSafeEqual } from 'node:crypto';
import type { RedisClient } from '../layer/redis-connection.ts';

// Crockford's base32: no I, L, O or U, so a code read off a terminal is typed right.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;

const keyOf = (prefix: string) => `${prefix}:first-run:code`;

/** A new one-time setup code: 16 characters (80 random bits) in groups of four, e.g. `7KQ2-M9XD-…`. */
export function newSetupCode(): string {
  const groups = Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  return groups.join('-');
}

/**
 * The setup code every interface server of a deployment prints while there
 * is no staff account: the first server to ask stores one in Redis, the
 * others read it, so any of them accepts it. It is deleted once setup is done.
 */
export async function ensureSetupCode(redis: RedisClient, prefix: string): Promise<string> {
  await redis.set(keyOf(prefix), newSetupCode(), 'NX');
  return (await redis.get(keyOf(prefix))) ?? ensureSetupCode(redis, prefix);
}

/** Whether `typed` is the stored code, ignoring case, spaces and dashes; compared in constant time. */
export async function isSetupCode(redis: RedisClient, prefix: string, typed: string): Promise<boolean> {
  const stored = await redis.get(keyOf(prefix));
  if (!stored) return false;
  const normalise = (code: string) => Buffer.from(code.toUpperCase().replace(/[\s-]/g, ''));
  const [a, b] = [normalise(stored), normalise(typed)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Forgets the setup code (setup is done). */
export async function clearSetupCode(redis: RedisClient, prefix: string): Promise<void> {
  await redis.del(keyOf(prefix));
}
