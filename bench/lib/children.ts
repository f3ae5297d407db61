import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The repository root: children run with it as their working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const AGENT = new URL('./child-agent.ts', import.meta.url).href;
const WITH_AGENT = fileURLToPath(new URL('./with-agent.ts', import.meta.url));
const running = new Set<ChildProcess>();

/** A message on the IPC channel between the bench and a child: `type` says what it is. */
export type Message = { type: string } & Record<string, unknown>;

/** A process started by the bench, with a typed view of its IPC messages. */
export type Child = {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<string>;
  /** Sends a message to the child. */
  send(message: Message): void;
  /** Resolves with the next message of `type` (earlier unread ones count); rejects on timeout or exit. */
  next<M extends Message>(type: M['type'], timeoutMs: number): Promise<M>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
};

/** What to start: a TypeScript module run by Node with tsx, and its environment. */
export type ChildSpec = {
  name: string;
  module: string;
  args?: string[];
  env?: Record<string, string>;
  /** When set, the child writes a V8 CPU profile into `<profileDir>/<name>/` as it exits. */
  profileDir?: string;
  /** Extra Node flags. */
  nodeArgs?: string[];
  /**
   * The child runs worker threads that inherit its Node flags (BullMQ's
   * sandbox does): it starts without --expose-gc, which Node refuses in a
   * thread, and loads the agent through lib/with-agent.ts instead of a flag,
   * which a thread could not load.
   */
  workerThreads?: boolean;
};

/**
 * Starts a child (`node --import tsx <module>`, so its pid is the process doing
 * the work, unlike the `tsx` launcher) with an IPC channel and the bench's
 * agent preloaded (lib/child-agent.ts). Its output goes to
 * this process's stderr, prefixed with its name, keeping stdout for the result.
 */
export function startChild(spec: ChildSpec): Child {
  const profile = spec.profileDir ? ['--cpu-prof', '--cpu-prof-dir', `${spec.profileDir}/${spec.name}`] : [];
  const [module, args, agentFlags] = spec.workerThreads
    ? [WITH_AGENT, [spec.module, ...(spec.args ?? [])], []]
    : [spec.module, spec.args ?? [], ['--expose-gc', '--import', AGENT]];
  const child = fork(module, args, {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', ...agentFlags, ...profile, ...(spec.nodeArgs ?? [])],
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.module})`);
  running.add(child);
  forwardLines(child.stdout, spec.name);
  forwardLines(child.stderr, spec.name);

  const inbox: Message[] = [];
  const waiters = new Set<() => void>();
  let exitCode: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exitCode = signal ?? String(code);
      for (const wake of waiters) wake();
      resolve(exitCode);
    });
  });
  // A failed send to a child that just died is reported by its exit, not as a crash of the bench.
  child.on('error', (error) => process.stderr.write(`[${spec.name}] ${error.message}\n`));
  child.on('message', (message: Message) => {
    inbox.push(message);
    for (const wake of waiters) wake();
  });

  return {
    name: spec.name,
    pid: child.pid,
    exited,
    send: (message) => void (child.connected && child.send(message)),
    next<M extends Message>(type: M['type'], timeoutMs: number) {
      return new Promise<M>((resolve, reject) => {
        const check = () => {
          const index = inbox.findIndex((m) => m.type === type);
          if (index >= 0) {
            done();
            resolve(inbox.splice(index, 1)[0] as M);
          } else if (exitCode !== undefined) {
            done();
            reject(new Error(`${spec.name} exited (${exitCode}) before sending "${type}"`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${spec.name} sent no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 3000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** SIGKILLs every child still running; synchronous, so it also works in an 'exit' handler. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function forwardLines(stream: Readable | null, name: string): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[${name}] ${line}\n`));
}
