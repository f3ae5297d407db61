import { runSwitchyardProcess, startSwitchyardProcess } from './switchyard-process.ts';
import type { ProcessOutcome, ProcessSpec, SwitchyardProcess } from './switchyard-process.ts';

/** Options of a `switchyard` command: the process's (env, name, …) without its entry. */
export type CommandOptions = Omit<ProcessSpec, 'entry' | 'args'>;

/**
 * Starts `switchyard <args>` (bin/cli.ts) for a command that keeps running,
 * like `relay`; wait for what it prints with `waitForOutput`.
 *
 * @example const relay = spawnCommand(['relay'], { env: testEnv({ DATABASE_URL: url }) });
 * await relay.waitForOutput(/outbox relay running/);
 */
export function spawnCommand(args: readonly string[], options: CommandOptions = {}): SwitchyardProcess {
  return startSwitchyardProcess({ name: `switchyard ${args[0] ?? ''}`.trim(), ...options, entry: 'bin/cli.ts', args });
}

/**
 * Runs `switchyard <args>` to its end, as a shell would, and resolves with its
 * exit code and output (SIGKILL after `timeoutMs`, default 30 s).
 *
 * @example expect(await runCommand(['check'], { env })).toMatchObject({ code: 0 });
 */
export function runCommand(args: readonly string[], { timeoutMs = 30_000, ...options }: CommandOptions & { timeoutMs?: number } = {}): Promise<ProcessOutcome> {
  return runSwitchyardProcess({ name: `switchyard ${args[0] ?? ''}`.trim(), ...options, entry: 'bin/cli.ts', args }, timeoutMs);
}
