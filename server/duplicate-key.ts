import { Conflict } from './errors.ts';

/** Whether a database error is a unique-constraint violation (Prisma's `P2002`). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * Runs a write and turns a unique-constraint violation into a `Conflict` with
 * `message` (or the error `conflict` returns, for a subclass); any other error
 * passes through.
 *
 * @example
 * await conflictOnDuplicate(db.liveblog.create({ data }), `A liveblog at "${slug}" already exists; choose another address`);
 */
export async function conflictOnDuplicate<T>(write: PromiseLike<T>, conflict: string | (() => Conflict)): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    throw typeof conflict === 'string' ? new Conflict(conflict) : conflict();
  }
}
