import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The repository root: every process runs with it as its working directory, so entries are repository paths. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How much of each stream is kept for `output()` and failure messages: at least the latest 1 MiB (a long bench run prints more). */
const KEPT_OUTPUT = 1 << 20;
/** How long `stop` waits after its signal before SIGKILL, unless told otherwise. */
const DEFAULT_GRACE_MS = 15_000;

const running = new Set<ChildProcess>();

/** What to run: one of the repository's entry points in a Node process of its own. */
export type ProcessSpec = {
  /** The module, relative to the repository root: `server/main.ts`, `workers/main.ts`, `bin/cli.ts`, or a tool's. */
  entry: string;
  args?: readonly string[];
  /** Variables on top of this process's environment; nothing else is added (tests pass `testEnv(...)`). */
  env?: Readonly<Record<string, string>>;
  /** A short name for failure messages and echoed lines (default: the entry). */
  name?: string;
  /** Node flags, after tsx's loader so they may import TypeScript (e.g. a bench agent, `--max-old-space-size=…`). */
  nodeArgs?: readonly string[];
  /** Load the entry through tsx (default); false for an entry that registers its own loader, like bin/switchyard.mjs. */
  tsx?: boolean;
  /** Opens an IPC channel (`child.send`, the `'message'` event), for a bench's agent. */
  ipc?: boolean;
  /** Also writes each output line, prefixed with `[name]`, to this stream (benches and drills keep stdout for results). */
  echo?: Writable;
};

/** A process started by `startSwitchyardProcess`. */
export type SwitchyardProcess = {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has ended (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** How it ended (`0`, `1`, `SIGKILL`), or undefined while it runs. */
  exitStatus(): string | undefined;
  /** Everything it printed so far, stdout and stderr interleaved (at least the latest 1 MiB). */
  output(): string;
  /** Its stdout so far (at least the latest 1 MiB). */
  stdout(): string;
  /** Its stderr so far (at least the latest 1 MiB). */
  stderr(): string;
  /** Resolves with the first match of `pattern` in its output (earlier output counts); rejects on exit or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /**
   * Sends `signal` (SIGTERM by default) unless the process has ended, then
   * SIGKILL if it is still running after `graceMs`; resolves with its exit code.
   *
   * @example expect(await server.stop()).toBe(0); // a graceful shutdown
   */
  stop(signal?: NodeJS.Signals, options?: { graceMs?: number }): Promise<number | null>;
};

/**
 * Starts `node --import tsx <entry> <args>` in the repository root with this
 * process's environment plus `spec.env`, capturing its output. Node runs the
 * entry itself, not the tsx launcher, so a signal to `pid` reaches the process
 * doing the work. Wait for readiness with `startedWhen`.
 */
export function startSwitchyardProcess(spec: ProcessSpec): SwitchyardProcess {
  const name = spec.name ?? spec.entry;
  const loader = spec.tsx === false ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...loader, ...(spec.nodeArgs ?? []), spec.entry, ...(spec.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(spec.ipc ? (['ipc'] as const) : [])],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${spec.entry})`);
  running.add(child);
  const kept = { output: '', stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const capture = (stream: Readable | null, key: 'stdout' | 'stderr') => {
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      kept[key] = keepTail(kept[key] + text);
      kept.output = keepTail(kept.output + text);
      for (const listener of listeners) listener();
    });
    if (spec.echo) createInterface({ input: stream as Readable }).on('line', (line) => spec.echo?.write(`[${name}] ${line}\n`));
  };
  capture(child.stdout, 'stdout');
  capture(child.stderr, 'stderr');

  let status: string | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      status = signal ?? String(code);
      for (const listener of listeners) listener();
      resolve(code);
    }),
  );
  // A failed IPC send to a child that just died is reported by its exit, not as a crash of this process.
  child.on('error', (error) => spec.echo?.write(`[${name}] ${error.message}\n`));

  return {
    name,
    pid: child.pid,
    child,
    exited,
    exitStatus: () => status,
    output: () => kept.output,
    stdout: () => kept.stdout,
    stderr: () => kept.stderr,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(kept.output);
          if (match) done(() => resolve(match));
          else if (status !== undefined) done(() => reject(new Error(`${name} exited (${status}) before printing ${pattern}:\n${kept.output}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${name} printed no ${pattern} within ${timeoutMs} ms:\n${kept.output}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', { graceMs = DEFAULT_GRACE_MS } = {}) {
      if (status === undefined) child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(force);
      }
    },
  };
}

/**
 * Resolves with the match once `process` prints `ready` (its own announcement:
 * the one readiness signal every Switchyard process gives). If it does not
 * within `timeoutMs`, or exits first, it is SIGKILLed — so it cannot linger
 * and, say, hold the outbox relay's lock — and this rejects with its output.
 */
export async function startedWhen(process: SwitchyardProcess, ready: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  try {
    return await process.waitForOutput(ready, timeoutMs);
  } catch (error) {
    await process.stop('SIGKILL');
    throw error;
  }
}

/** What a process that ran to its end left: exit code (null when a signal ended it) and output (`output` interleaves both streams). */
export type ProcessOutcome = { code: number | null; stdout: string; stderr: string; output: string };

/** Runs `spec` to its end (SIGKILL after `timeoutMs`) and resolves with its exit code and output. */
export async function runSwitchyardProcess(spec: ProcessSpec, timeoutMs = 30_000): Promise<ProcessOutcome> {
  const started = startSwitchyardProcess(spec);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
  const code = await started.exited;
  clearTimeout(timer);
  // 'exit' can come before the last output; 'close' means both streams are drained.
  if (started.child.stdout?.readable || started.child.stderr?.readable) await new Promise((resolve) => started.child.once('close', resolve));
  return { code, stdout: started.stdout(), stderr: started.stderr(), output: started.output() };
}

// Trimmed only once it is twice the bound, so a chatty process costs no copy of the whole tail per chunk.
function keepTail(text: string): string {
  return text.length > 2 * KEPT_OUTPUT ? text.slice(-KEPT_OUTPUT) : text;
}

/** SIGKILLs every process started here that still runs; synchronous, so it also works in an 'exit' handler. */
export function killAllSwitchyardProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
