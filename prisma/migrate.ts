import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { databaseUrlFromEnv } from './database-url.ts';
import { ensureDatabase } from './ensure-database.ts';

/** The project root: where prisma.config.ts is, whatever the caller's cwd. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRISMA_CLI = join(dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build', 'index.js');
const UNREF_TIMERS = fileURLToPath(new URL('./cli/unref-timers.cjs', import.meta.url));

/** Options of `migrate`. */
export type MigrateOptions = {
  /** Capture Prisma's output and show it only if the command fails. Default: false (output goes to this process's stdout/stderr). */
  quiet?: boolean;
};

/** What `migrate` did: the migrations it applied (their folder names), none when the database was up to date. */
export type MigrateResult = { applied: string[] };

/**
 * Brings a database up to date: creates it when missing, then applies the
 * committed migrations with `prisma migrate deploy` (never generates new ones).
 * Used by `npm start`, the tests' global setup and `switchyard migrate`.
 *
 * @example await migrate('postgresql://postgres@127.0.0.1:5432/switchyard_test', { quiet: true });
 */
export async function migrate(databaseUrl: string, { quiet = false }: MigrateOptions = {}): Promise<MigrateResult> {
  await ensureDatabase(databaseUrl, { shadow: false });
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    // The preload stops the WebAssembly schema engine from idling for up to a minute after it is done.
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require=${JSON.stringify(UNREF_TIMERS)}`.trim(),
    CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? '1', // no usage ping from the CLI on every start
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  const child = spawn(process.execPath, [PRISMA_CLI, 'migrate', 'deploy'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (exitCode !== 0) {
    const details = quiet && output.trim() ? `\n${output.trim()}` : '';
    throw new Error(`prisma migrate deploy failed with exit code ${exitCode}${details}`);
  }
  return { applied: [...output.matchAll(/└─ (\d+_\w+)\//g)].map((match) => match[1] as string) };
}

/**
 * One line about what `migrate` did, for `npm start` and `switchyard migrate`.
 * (They run quietly: Prisma's CLI warns on every run that the schema's `url`
 * is not used — by design, prisma.config.ts connects through a driver adapter
 * — and that warning is nothing a user can act on.)
 */
export function describeMigration({ applied }: MigrateResult): string {
  if (applied.length === 0) return 'database up to date';
  return `database up to date (applied ${applied.length === 1 ? 'migration' : `${applied.length} migrations`}: ${applied.join(', ')})`;
}

/** CLI: `tsx prisma/migrate.ts` migrates DATABASE_URL (default: the development database). */
async function main(): Promise<void> {
  try {
    process.stdout.write(`setup: ${describeMigration(await migrate(databaseUrlFromEnv(), { quiet: true }))}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
