import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { workerServing } from '../../server/testing/spawn-worker.ts';
import { startChild } from './children.ts';
import type { Child } from './children.ts';
import { sleep } from './clock.ts';

/** Where Switchyard's workers find Redis and PostgreSQL, what they serve, and any further settings. */
export type WorkerSetup = {
  redisUrl: string;
  redisPrefix: string;
  databaseUrl: string;
  channels: string[];
  /** More environment, e.g. WORKER_CONCURRENCY. */
  env?: Record<string, string>;
};

/**
 * Starts a Switchyard worker process (`workers/main.ts <channels>`,
 * production mode, no /metrics port) and waits until it says it is serving and
 * BullMQ counts `expected` workers on `queue`, one of its channels' queues: from then on it takes jobs.
 */
export async function startSwitchyardWorker(name: string, setup: WorkerSetup, queue: Queue, expected: number): Promise<Child> {
  const env = {
    NODE_ENV: 'production',
    REDIS_URL: setup.redisUrl,
    REDIS_PREFIX: setup.redisPrefix,
    DATABASE_URL: setup.databaseUrl,
    WORKER_METRICS_PORT: '0',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // Production refuses the development key; a caller that shares its servers' key passes it in `env`.
    SECRET_KEY: randomBytes(32).toString('base64url'),
    ...setup.env,
  };
  const worker = startChild({ name, module: 'workers/main.ts', args: setup.channels, env, workerThreads: true });
  await workerServing(worker, 60_000);
  // Serving is the process's word; BullMQ lists its connection a moment later, and the bench counts on BullMQ's view.
  const deadline = Date.now() + 60_000;
  while ((await queue.getWorkersCount()) < expected) {
    if (worker.exitStatus() !== undefined) throw new Error(`${name} exited (${worker.exitStatus()}) while starting; see its output above`);
    if (Date.now() > deadline) throw new Error(`${name} was not serving ${queue.name} within 60 s`);
    await sleep(200);
  }
  return worker;
}
