import type { Pool } from 'pg';
import { nameKey } from './name-key.ts';

type Row = { user_id: string; username: string; key: string | null };

/** Usernames keyed per round when some have no key yet. */
const KEY_BATCH = 1000;

/**
 * The username of the registered user whose name has `key` (name-key.ts), or
 * null. `chat_name_keys` holds one row per user, written by a trigger on
 * `users` with no key (SQL cannot compute a TR39 skeleton); the first lookup
 * that meets such rows computes and stores their keys. In the steady state
 * this is one indexed query.
 */
export async function registeredOwner(pool: Pool, key: string): Promise<string | null> {
  for (;;) {
    const { rows } = await pool.query<Row>('SELECT user_id, username, key FROM chat_name_keys WHERE key = $1 OR key IS NULL LIMIT $2', [key, KEY_BATCH]);
    const owner = rows.find((row) => row.key === key);
    if (owner) return owner.username;
    const unkeyed = rows.filter((row) => row.key === null).map((row) => ({ ...row, key: nameKey(row.username) }));
    if (unkeyed.length === 0) return null;
    // A username changed meanwhile keeps its NULL (the trigger reset it), so its new name is keyed next time.
    await pool.query(
      `UPDATE chat_name_keys SET key = v.key FROM unnest($1::text[], $2::text[], $3::text[]) AS v(user_id, username, key)
       WHERE chat_name_keys.user_id = v.user_id AND chat_name_keys.username = v.username AND chat_name_keys.key IS NULL`,
      [unkeyed.map((r) => r.user_id), unkeyed.map((r) => r.username), unkeyed.map((r) => r.key)],
    );
    const found = unkeyed.find((row) => row.key === key);
    if (found) return found.username;
    if (rows.length < KEY_BATCH) return null;
  }
}
