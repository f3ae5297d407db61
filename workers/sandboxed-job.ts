import { getPriority, setPriority } from 'node:os';
import type { SandboxedJob } from 'bullmq';
import { createPrismaClient } from '../prisma/client.ts';
import { loadConfig } from '../server/config.ts';
import { createRedisLayer } from '../server/layer/redis-layer.ts';
import type { JobData } from '../server/layer/worker-queues.ts';
import { channelSettings } from './channel-settings.ts';
import { processors } from './processors/index.ts';
import { runJob } from './run-job.ts';
import type { RunDeps } from './run-job.ts';

let deps: RunDeps | undefined;

// One database pool and one Redis connection per worker thread, made on its first job.
function depsOfThisThread(): RunDeps {
  if (!deps) {
    const config = loadConfig();
    // On Linux, this thread's own niceness; the process's main thread (BullMQ: locks, fetching) keeps its own.
    setPriority(Math.max(getPriority(), config.workerNice));
    deps = {
      db: createPrismaClient(config.databaseUrl),
      layer: createRedisLayer({ ...config, prefix: config.redisPrefix }),
      processors,
      settings: channelSettings,
    };
  }
  return deps;
}

/** The function BullMQ runs in a worker thread for every job (see sandbox.mjs). */
export default function processSandboxedJob(job: SandboxedJob<JobData>, _token?: string, signal?: AbortSignal): Promise<unknown> {
  return runJob(job, depsOfThisThread(), signal);
}
