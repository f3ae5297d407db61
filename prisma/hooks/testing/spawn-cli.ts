import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testEnv } from '../../../server/testing/test-server.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A `switchyard` command running in its own process. */
export type SpawnedCommand = {
  readonly child: ChildProcess;
  /** Resolves once the output matches `pattern` (rejects if the process exits first or after 20 s). */
  waitFor(pattern: RegExp): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
  /** Sends a signal (SIGTERM by default) unless the process has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/** Runs `switchyard <args...>` (bin/cli.ts under tsx) with the test environment plus `env`. */
export function spawnCommand(args: string[], env: Record<string, string>): SpawnedCommand {
  // node --import tsx, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would miss.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...testEnv(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    waitFor(pattern) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no ${pattern} within 20 s:\n${output}`)), 20_000);
        const check = () => pattern.test(output) && done();
        const done = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        void exited.then((code) => done(new Error(`exited with ${code} before ${pattern}:\n${output}`)));
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
