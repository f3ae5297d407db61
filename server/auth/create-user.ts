import { z } from 'zod';
import type { Database } from '../../prisma/client.ts';
import { conflictOnDuplicate } from '../duplicate-key.ts';
import { Conflict, InvalidInput } from '../errors.ts';
import { hashPassword } from './passwords.ts';
import type { SessionUser } from './session-user.ts';

/** Limits shared with `authenticate`: no stored password can be longer. */
export const PASSWORD_MAX_LENGTH = 256;

const newUserSchema = z.object({
  username: z
    .string()
    .min(3, 'must be at least 3 characters')
    .max(32, 'must be at most 32 characters')
    .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, "_", "." and "-"'),
  password: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`),
  isStaff: z.boolean().default(false),
});

/** What `createUser` takes. `isStaff` defaults to false. */
export type NewUser = z.input<typeof newUserSchema>;

/** Another user already has this username. */
export class UsernameTaken extends Conflict {
  constructor(username: string) {
    super(`Username "${username}" is taken; choose another`);
  }
}

/**
 * Creates a user with an argon2id-hashed password.
 * Throws `InvalidInput` naming the bad field (username: 3–32 letters, digits,
 * `_ . -`; password: 8–256 characters) and `UsernameTaken` on a duplicate.
 *
 * @example const ada = await createUser(db, { username: 'ada', password: 'correct horse', isStaff: true });
 */
export async function createUser(db: Database, input: NewUser): Promise<SessionUser> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw InvalidInput.fromZod('new user', parsed.error);
  const { username, password, isStaff } = parsed.data;
  const passwordHash = await hashPassword(password);
  return conflictOnDuplicate(
    db.user.create({ data: { username, passwordHash, isStaff }, select: { id: true, username: true, isStaff: true } }),
    () => new UsernameTaken(username),
  );
}
