import { startSwitchyardProcess, startedWhen } from './switchyard-process.ts';
import type { ProcessSpec, SwitchyardProcess } from './switchyard-process.ts';

/** Options of `spawnWorker`: the process's (env, name, Node flags, …) plus a start timeout. */
export type WorkerOptions = Omit<ProcessSpec, 'entry' | 'args'> & {
  /** How long it may take to serve (default 20 s). */
  timeoutMs?: number;
};

/**
 * Starts `workers/main.ts <channels>` and resolves once it says it is serving
 * them. `env` comes on top of this process's environment: pass the test
 * server's REDIS_PREFIX (and DATABASE_URL).
 *
 * @example const worker = await spawnWorker(['bigdata.process'], { env: { REDIS_PREFIX: server.config.redisPrefix } });
 */
export async function spawnWorker(channels: readonly string[], { timeoutMs = 20_000, ...spec }: WorkerOptions = {}): Promise<SwitchyardProcess> {
  const worker = startSwitchyardProcess({ name: 'worker', ...spec, entry: 'workers/main.ts', args: channels });
  await workerServing(worker, timeoutMs);
  return worker;
}

/** Resolves once a worker process (however started, e.g. by a bench with its agent) says it is serving; see `startedWhen`. */
export async function workerServing(worker: SwitchyardProcess, timeoutMs = 20_000): Promise<void> {
  await startedWhen(worker, /serving /, timeoutMs);
}
