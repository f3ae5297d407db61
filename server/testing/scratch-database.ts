import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../prisma/migrate.ts';
import { testDatabaseUrl } from './test-database.ts';

/** A migrated database of its own for one test file. */
export type ScratchDatabase = { readonly url: string; drop(): Promise<void> };

/**
 * Creates and migrates a database used by one test file only. Outbox specs
 * need one: every interface server runs a relay, and a relay started by any
 * other test (with another Redis prefix) on the shared test database would
 * publish this file's rows where its clients never see them.
 */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const base = new URL(testDatabaseUrl());
  const name = `switchyard_scratch_${label}_${randomBytes(3).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await migrate(url.toString(), { quiet: true });
  return {
    url: url.toString(),
    async drop() {
      const admin = new pg.Client({ connectionString: base.toString() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
