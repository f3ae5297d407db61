import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { E2E_ENV } from './e2e-env.ts';

/** A post to seed: its text and when it was posted. */
export type SeedPost = { body: string; at: Date; pinned?: boolean; key?: boolean };

/** Runs `fn` with a connection to the e2e database (or `url`), closed afterwards. */
export async function withDatabase<T>(fn: (db: pg.Client) => Promise<T>, url: string = E2E_ENV.DATABASE_URL): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/**
 * Writes posts straight into a liveblog with the times given — what a test
 * needs to start from a long or old liveblog, or from fixed data for
 * screenshots. Raw SQL, so nothing is published: readers load these with the
 * page. Returns the posts' ids, in the order given.
 */
export async function seedPosts(slug: string, posts: SeedPost[], url?: string): Promise<string[]> {
  return withDatabase(async (db) => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM liveblogs WHERE slug = $1', [slug]);
    const liveblogId = rows[0]?.id;
    if (!liveblogId) throw new Error(`no liveblog "${slug}" to seed`);
    const ids: string[] = [];
    for (const post of posts) {
      const id = `seed${randomBytes(8).toString('hex')}`;
      await db.query(
        `INSERT INTO liveblog_posts (id, liveblog_id, body, pinned, is_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [id, liveblogId, post.body, post.pinned ?? false, post.key ?? false, post.at],
      );
      ids.push(id);
    }
    return ids;
  }, url);
}

/** `count` posts "Update 1" … "Update <count>", one minute apart, the last a minute before `end`. */
export function minuteByMinute(count: number, end = new Date()): SeedPost[] {
  return Array.from({ length: count }, (_, index) => ({ body: `Update ${index + 1}`, at: new Date(end.getTime() - (count - index) * 60_000) }));
}
