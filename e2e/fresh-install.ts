import type { ServerProcess } from '../server/testing/spawn-server.ts';
import { runSwitchyardProcess } from '../server/testing/switchyard-process.ts';
import { E2E_ENV, E2E_PORT } from './e2e-env.ts';
import { startInterfaceServer } from './interface-server.ts';
import { withDatabase } from './seed-liveblog.ts';

/** The fresh install's port: the shared servers have E2E_PORT and the next, restart.spec.ts the one after. */
export const FRESH_PORT = E2E_PORT + 3;

/** A fresh install's database: the e2e database's name with `_<suffix>`. */
export function freshDatabaseUrl(suffix: string): string {
  const url = new URL(E2E_ENV.DATABASE_URL);
  url.pathname = `${url.pathname}_${suffix}`;
  return url.toString();
}

/** The fresh install's database: the e2e database's name with `_fresh`. */
export const FRESH_DATABASE_URL = freshDatabaseUrl('fresh');

/** Where a fresh install runs: its port, its database (dropped and migrated at start), and its Redis prefix's suffix. */
export type FreshInstallPlace = { port: number; databaseUrl: string; name: string };

/**
 * Starts an interface server as a new user's `npm start` would find it: an
 * empty, freshly migrated database (dropped first) with no staff account and
 * no liveblog, its own Redis prefix, and TRUST_PROXY=1 so a test can speak
 * for a browser on another machine (X-Forwarded-For). By default on
 * FRESH_PORT and FRESH_DATABASE_URL; a spec that runs beside
 * fresh-install.spec.ts takes a place of its own.
 */
export async function startFreshInstall(place: FreshInstallPlace = { port: FRESH_PORT, databaseUrl: FRESH_DATABASE_URL, name: 'fresh' }): Promise<ServerProcess> {
  const name = new URL(place.databaseUrl).pathname.slice(1);
  const admin = new URL(place.databaseUrl);
  admin.pathname = '/postgres';
  await withDatabase((db) => db.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), admin.toString());
  const migration = await runSwitchyardProcess({ entry: 'prisma/migrate.ts', env: { DATABASE_URL: place.databaseUrl } }, 120_000);
  if (migration.code !== 0) throw new Error(`migrating ${name} failed (${migration.code}): ${migration.output.trim()}`);
  return startInterfaceServer(place.port, {
    timeoutMs: 60_000,
    env: { DATABASE_URL: place.databaseUrl, REDIS_PREFIX: `${E2E_ENV.REDIS_PREFIX}-${place.name}`, TRUST_PROXY: '1' },
  });
}

/** The clock every screenshot is taken at: the seeded liveblog's updates are minutes to hours before it. */
export const SCREENSHOT_NOW = new Date('2026-03-01T22:30:00Z');

/**
 * Fixed content for the screenshots: a live liveblog with a summary, a
 * pinned post, a key update and Markdown, and an ended one — every time and
 * id fixed, written straight into the fresh database.
 */
export async function seedScreenshotData(authorName: string): Promise<void> {
  await withDatabase(async (db) => {
    const author = (await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [authorName])).rows[0]?.id ?? null;
    const liveblog = (id: string, slug: string, title: string, summary: string, status: string, at: string) =>
      db.query(
        'INSERT INTO liveblogs (id, slug, title, summary, status, created_by_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
        [id, slug, title, summary, status, author, at],
      );
    const post = (id: string, liveblogId: string, body: string, at: string, flags: { pinned?: boolean; key?: boolean } = {}) =>
      db.query(
        'INSERT INTO liveblog_posts (id, liveblog_id, author_id, body, pinned, is_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
        [id, liveblogId, author, body, flags.pinned ?? false, flags.key ?? false, at],
      );
    await liveblog('lb-budget', 'budget-day', 'Budget day', 'The chancellor’s statement and what it means for you.', 'ended', '2026-02-20T11:00:00Z');
    await post('p-budget-1', 'lb-budget', 'The statement is over. Thanks for following.', '2026-02-20T15:00:00Z');
    await liveblog(
      'lb-election',
      'election-night',
      'Election night 2026',
      'Counting is under way in **all 650** constituencies. Results are expected through the night.',
      'live',
      '2026-03-01T18:00:00Z',
    );
    await post('p-election-1', 'lb-election', 'Polls are **open** until 10pm. Turnout looks high in the cities.', '2026-03-01T19:00:00Z', { pinned: true });
    await post('p-election-2', 'lb-election', 'First results from the north: see https://example.com/results', '2026-03-01T20:15:00Z');
    await post('p-election-3', 'lb-election', '### Exit poll\n- Party A: 34%\n- Party B: 31%\n- Others: 35%', '2026-03-01T22:00:00Z', { key: true });
    await post('p-election-4', 'lb-election', 'Counting has started. <b>Markup</b> in a post shows as text.', '2026-03-01T22:12:00Z');
  }, FRESH_DATABASE_URL);
}
