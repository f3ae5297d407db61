import { createVisitorSigner } from '../server/auth/visitor-token.ts';
import { VISITOR_COOKIE } from '../server/http/visitor-cookie.ts';
import { processBigdata } from '../workers/csv-profiler/index.ts';
import { E2E_ENV } from './e2e-env.ts';
import { withDatabase } from './seed-liveblog.ts';

/** The id of the completed job the screenshots show. */
export const SCREENSHOT_JOB_ID = '5c1e0000-0000-4000-8000-000000000001';

/**
 * A small survey as a CSV, the same on every run: 100 respondents with an id
 * (1–100), a score with decimals, a rating (1–5), a city, the date they
 * joined and whether they are active.
 */
export function surveyCsv(): string {
  const cities = ['Oslo', 'Rome', 'Lima', 'Pune', 'Kyiv', 'Accra'];
  const rows = Array.from({ length: 100 }, (_, i) => {
    const id = i + 1;
    const score = ((id * 37) % 101) / 4 + 50;
    const joined = `2025-${String((id % 12) + 1).padStart(2, '0')}-${String((id % 28) + 1).padStart(2, '0')}`;
    return `${id},${score},${(id % 5) + 1},${cities[id % cities.length]},${joined},${id % 3 !== 0}`;
  });
  return `id,score,rating,city,joined,active\n${rows.join('\n')}\n`;
}

/**
 * Writes a completed profile of `surveyCsv()` — profiled by the worker's own
 * processor, with fixed times — as a job of a new visitor of the server
 * whose database is `databaseUrl`; resolves with the visitor's cookie, for
 * `context.addCookies`.
 */
export async function seedCompletedJob(databaseUrl: string, origin: string): Promise<{ name: string; value: string; url: string }> {
  const result = await processBigdata({ csv: surveyCsv() }, AbortSignal.timeout(30_000), () => {});
  const { visitorId, token } = createVisitorSigner(E2E_ENV.SECRET_KEY).issue();
  await withDatabase(
    (db) =>
      db.query(
        `INSERT INTO jobs (id, channel, reply_channel, visitor_id, label, input, state, fraction, result, created_at, finished_at, notified_at)
         VALUES ($1, 'bigdata.process', 'seeded', $2, 'survey.csv', '{}', 'completed', 1, $3, $4, $5, $5)`,
        [SCREENSHOT_JOB_ID, visitorId, JSON.stringify(result), '2026-03-01T22:20:00Z', '2026-03-01T22:20:02Z'],
      ),
    databaseUrl,
  );
  return { name: VISITOR_COOKIE, value: token, url: origin };
}
