import { randomBytes } from 'node:crypto';
import { runCommand } from '../server/testing/spawn-command.ts';
import { E2E_ENV } from './e2e-env.ts';

/**
 * Runs `switchyard <args>` (the kit's runCommand: bin/cli.ts) from a shell's
 * point of view, against the server under test's Redis prefix and database.
 * Resolves with its stdout; rejects with its stderr when it exits non-zero.
 *
 * @example await switchyard(['group-send', 'announcements', 'announcement.posted', JSON.stringify(payload)]);
 */
export async function switchyard(args: string[], env: Record<string, string> = {}): Promise<string> {
  const outcome = await runCommand(args, { env: { ...E2E_ENV, ...env }, timeoutMs: 30_000 });
  if (outcome.code !== 0) throw new Error(`switchyard ${args[0]} failed (${outcome.code ?? 'killed'}): ${outcome.stderr.trim() || outcome.output.trim()}`);
  return outcome.stdout;
}

/** A name no other test (or earlier run) uses: `<label>-<random>`, valid as a username and in texts. */
export function uniqueName(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}
