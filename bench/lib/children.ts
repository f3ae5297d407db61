import { fileURLToPath } from 'node:url';
import { startSwitchyardProcess } from '../../server/testing/switchyard-process.ts';
import { compileBenchModule } from './compiled.ts';
import type { SwitchyardProcess } from '../../server/testing/switchyard-process.ts';

const AGENT = new URL('./child-agent.ts', import.meta.url).href;
const WITH_AGENT = fileURLToPath(new URL('./with-agent.ts', import.meta.url));

/** A message on the IPC channel between the bench and a child: `type` says what it is. */
export type Message = { type: string } & Record<string, unknown>;

/** A process started by the bench, with a typed view of its IPC messages. */
export type Child = SwitchyardProcess & {
  /** Sends a message to the child. */
  send(message: Message): void;
  /** Resolves with the next message of `type` (earlier unread ones count); rejects on timeout or exit. */
  next<M extends Message>(type: M['type'], timeoutMs: number): Promise<M>;
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
  /** `module` is JavaScript (lib/compiled.ts): run by plain node, without tsx, with the agent compiled too. */
  compiled?: boolean;
};

/**
 * Starts a child with Switchyard's process kit (server/testing/switchyard-process.ts:
 * `node --import tsx <module>`, so its pid is the process doing the work) with
 * an IPC channel and the bench's agent preloaded (lib/child-agent.ts). Its
 * output goes to this process's stderr, prefixed with its name, keeping stdout
 * for the result.
 */
export function startChild(spec: ChildSpec): Child {
  const profile = spec.profileDir ? ['--cpu-prof', '--cpu-prof-dir', `${spec.profileDir}/${spec.name}`] : [];
  const agent = spec.compiled ? compileBenchModule('bench/lib/child-agent.ts') : AGENT;
  const [entry, args, agentFlags] = spec.workerThreads
    ? [WITH_AGENT, [spec.module, ...(spec.args ?? [])], []]
    : [spec.module, spec.args ?? [], ['--expose-gc', '--import', agent]];
  const started = startSwitchyardProcess({
    name: spec.name,
    entry,
    args,
    env: spec.env,
    nodeArgs: [...agentFlags, ...profile, ...(spec.nodeArgs ?? [])],
    tsx: !spec.compiled,
    ipc: true,
    echo: process.stderr,
  });

  const inbox: Message[] = [];
  const waiters = new Set<() => void>();
  void started.exited.then(() => {
    for (const wake of waiters) wake();
  });
  started.child.on('message', (message: Message) => {
    inbox.push(message);
    for (const wake of waiters) wake();
  });

  return Object.assign(started, {
    send: (message: Message) => void (started.child.connected && started.child.send(message)),
    next<M extends Message>(type: M['type'], timeoutMs: number): Promise<M> {
      return new Promise<M>((resolve, reject) => {
        const check = () => {
          const index = inbox.findIndex((m) => m.type === type);
          if (index >= 0) {
            done();
            resolve(inbox.splice(index, 1)[0] as M);
          } else if (started.exitStatus() !== undefined) {
            done();
            reject(new Error(`${spec.name} exited (${started.exitStatus()}) before sending "${type}"`));
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
  });
}
