import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../prisma/client.ts';
import { InvalidInput } from '../errors.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { authenticate, createSessionStore, createUser, UsernameTaken } from './index.ts';
import type { SessionUser } from './index.ts';
import { app } from '../features/index.ts';

// Real PostgreSQL: the test database the global setup migrated.
const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
const run = randomBytes(4).toString('hex');
/** A username no other test or run uses. */
const uniqueName = (label: string) => `${label}-${run}-${randomBytes(3).toString('hex')}`;
const PASSWORD = 'correct horse battery';

afterAll(async () => {
  await db.user.deleteMany({ where: { username: { contains: `-${run}-` } } }); // sessions go with them (cascade)
  await db.$disconnect();
});

describe('test environment', () => {
  it('global setup pointed DATABASE_URL at the migrated test database', async () => {
    expect(process.env.DATABASE_URL).toBe(testDatabaseUrl());
    const [row] = await db.$queryRaw<{ name: string }[]>`SELECT current_database()::text AS name`;
    expect(row?.name).toBe(new URL(testDatabaseUrl()).pathname.slice(1));
  });
});

describe('createUser', () => {
  it('stores an argon2id hash, never the password, and returns the session user', async () => {
    const username = uniqueName('ada');
    const user = await createUser(db, { username, password: PASSWORD, isStaff: true });
    expect(user).toEqual({ id: expect.any(String), username, isStaff: true });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  it('makes non-staff users by default', async () => {
    const user = await createUser(db, { username: uniqueName('bob'), password: PASSWORD });
    expect(user.isStaff).toBe(false);
  });

  it.each([
    ['username', { username: 'ab', password: PASSWORD }],
    ['username', { username: 'has space', password: PASSWORD }],
    ['username', { username: 'x'.repeat(33), password: PASSWORD }],
    ['password', { username: 'valid_name', password: 'short' }],
    ['password', { username: 'valid_name', password: 'x'.repeat(257) }],
  ])('rejects a bad %s with an error naming the field', async (field, input) => {
    const error = await createUser(db, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).message).toContain(`${field}:`);
    expect((error as InvalidInput).issues.map((i) => i.path)).toEqual([field]);
  });

  it('refuses a username that is taken', async () => {
    const username = uniqueName('carol');
    await createUser(db, { username, password: PASSWORD });
    await expect(createUser(db, { username, password: 'another password' })).rejects.toBeInstanceOf(UsernameTaken);
  });
});

describe('authenticate', () => {
  let user: SessionUser;
  beforeAll(async () => {
    user = await createUser(db, { username: uniqueName('dave'), password: PASSWORD });
  });

  it('returns the user for the right password', async () => {
    expect(await authenticate(db, user.username, PASSWORD)).toEqual(user);
  });

  it('returns null for a wrong password', async () => {
    expect(await authenticate(db, user.username, `${PASSWORD}!`)).toBeNull();
  });

  it('returns null for an unknown user', async () => {
    expect(await authenticate(db, uniqueName('nobody'), PASSWORD)).toBeNull();
  });

  it('returns null for a password longer than any stored one, without hashing it', async () => {
    expect(await authenticate(db, user.username, 'x'.repeat(10_000))).toBeNull();
  });
});

describe('SessionStore', () => {
  const TTL = 3600;
  let clock = new Date('2030-01-01T00:00:00Z');
  const sessions = createSessionStore(db, { ttlSeconds: TTL, now: () => clock });
  let user: SessionUser;
  beforeAll(async () => {
    user = await createUser(db, { username: uniqueName('erin'), password: PASSWORD, isStaff: true });
  });

  it('creates a 32-byte base64url token and stores only its SHA-256', async () => {
    const { token, expiresAt } = await sessions.create(user.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toEqual(new Date(clock.getTime() + TTL * 1000));
    const rows = await db.session.findMany({ where: { userId: user.id } });
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.map((r) => r.id)).toContainEqual(expect.stringMatching(/^[0-9a-f]{64}$/));
  });

  it('looks up the user of a live session', async () => {
    const { token } = await sessions.create(user.id);
    expect(await sessions.lookup(token)).toEqual(user);
  });

  it('returns null once the session has expired, and purgeExpired deletes it', async () => {
    const { token } = await sessions.create(user.id);
    const start = clock;
    clock = new Date(start.getTime() + TTL * 1000 - 1);
    expect(await sessions.lookup(token)).toEqual(user);
    clock = new Date(start.getTime() + TTL * 1000);
    expect(await sessions.lookup(token)).toBeNull();
    expect(await sessions.purgeExpired()).toBeGreaterThanOrEqual(1);
    clock = start;
    expect(await sessions.lookup(token)).toBeNull(); // gone from the table, not just filtered
  });

  it('returns null after destroy, and destroy is idempotent', async () => {
    const { token } = await sessions.create(user.id);
    await sessions.destroy(token);
    expect(await sessions.lookup(token)).toBeNull();
    await expect(sessions.destroy(token)).resolves.toBeUndefined();
  });

  it('returns null (and does not throw) for garbage tokens', async () => {
    const garbage: unknown[] = [undefined, null, '', 'x', 'a'.repeat(43), '!'.repeat(43), 'a'.repeat(10_000), "' OR 1=1 --", 42, {}];
    for (const token of garbage) {
      expect(await sessions.lookup(token as string)).toBeNull();
      await expect(sessions.destroy(token as string)).resolves.toBeUndefined();
    }
  });

  it('ends sessions when their user is deleted', async () => {
    const doomed = await createUser(db, { username: uniqueName('frank'), password: PASSWORD });
    const { token } = await sessions.create(doomed.id);
    await db.user.delete({ where: { id: doomed.id } });
    expect(await sessions.lookup(token)).toBeNull();
  });

  it('rejects a ttlSeconds that is not a positive whole number, naming it', () => {
    expect(() => createSessionStore(db, { ttlSeconds: 0 })).toThrow(/ttlSeconds/);
    expect(() => createSessionStore(db, { ttlSeconds: 1.5 })).toThrow(/ttlSeconds/);
  });
});
