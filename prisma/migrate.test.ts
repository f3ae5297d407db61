import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../server/testing/test-database.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs `tsx prisma/migrate.ts` (what `npm start` runs) as a shell would. */
function migrateCommand(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(`${root}node_modules/.bin/tsx`, ['prisma/migrate.ts'], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * `npm start`'s migration step: "it says in one line that the database is up
 * to date, and prints no warning a user cannot act on" (Prisma's CLI warns
 * about the schema's `url` on every run because the driver adapter in
 * prisma.config.ts replaces it — by design here, see ENVIRONMENT.md).
 */
describe('tsx prisma/migrate.ts', () => {
  it('on an up-to-date database prints one line and no warning', async () => {
    const { code, output } = await migrateCommand(testDatabaseUrl()); // the global setup migrated it already
    expect(code).toBe(0);
    expect(output).not.toMatch(/warn/i);
    expect(output.trim().split('\n')).toEqual([expect.stringMatching(/^setup: database up to date/)]);
  });

  it('still shows Prisma’s whole output when migrating fails', async () => {
    const { code, output } = await migrateCommand('postgresql://postgres@127.0.0.1:1/nowhere');
    expect(code).toBe(1);
    expect(output.length).toBeGreaterThan(0);
  });
});
