import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { E2E_ENV } from './e2e-env.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs `switchyard <args>` (node --import tsx bin/cli.ts) from a shell's
 * point of view, against the server under test's Redis prefix and database.
 * Resolves with its stdout; rejects with its stderr when it exits non-zero.
 *
 * @example await switchyard(['group-send', 'announcements', 'announcement.posted', JSON.stringify(payload)]);
 */
export function switchyard(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      // node --import tsx: one process (the tsx launcher would start a second).
      process.execPath,
      ['--import', 'tsx', 'bin/cli.ts', ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...E2E_ENV, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`switchyard ${args[0]} failed (${error.code ?? error.signal}): ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** A name no other test (or earlier run) uses: `<label>-<random>`, valid as a username and in texts. */
export function uniqueName(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}
