import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { SandboxedJob } from 'bullmq';
import { createPrismaClient } from '../prisma/client.ts';
import { loadConfig } from '../server/config.ts';
import { createRedisLayer } from '../server/layer/redis-layer.ts';
import { layerInTrace } from '../server/layer/channel-layer.ts';
import type { JobData } from '../server/layer/worker-queues.ts';
import { effectiveChannelSettings } from './channel-settings.ts';
import { loadProcessors } from './load-processors.ts';
import { runJob } from './run-job.ts';
import type { RunDeps } from './run-job.ts';
import { app } from '../server/features/index.ts';

// Loaded as this module is: a processor module that cannot be loaded fails the
// job process's start (`processor_unavailable`), not each job.
const processors = await loadProcessors(loadConfig().workerProcessors);

let deps: RunDeps | undefined;

// One database pool and one Redis connection per job process, made on its first job.
function depsOfThisThread(): RunDeps {
  if (!deps) {
    const config = loadConfig();
    lowerPriority(config.workerNice);
    deps = {
      db: createPrismaClient(config.databaseUrl, { hooks: app.hooks }),
      layer: createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix }),
      processors,
      settings: effectiveChannelSettings(config),
    };
  }
  return deps;
}

// Every thread of this job process (V8's helpers too) yields the CPU at `nice`; the worker
// process (BullMQ: locks, fetching) keeps its own. On Linux niceness is per thread, and
// threads started later inherit it; elsewhere there is no /proc, and it is per process.
function lowerPriority(nice: number): void {
  let threads = [0];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // not Linux: 0 is this process
  }
  for (const thread of threads) {
    try {
      setPriority(thread, Math.max(getPriority(thread), nice));
    } catch {
      // the thread has ended
    }
  }
}

/**
 * The function BullMQ runs in a job process for every job (see sandbox.mjs).
 * A job that carries a trace context (its worker traces) runs in a span of
 * this process (job-process-tracing.ts).
 */
export default async function processSandboxedJob(job: SandboxedJob<JobData>, _token?: string, signal?: AbortSignal): Promise<unknown> {
  const deps = depsOfThisThread();
  if (!job.data.trace) return runJob(job, deps, signal);
  const { traceJob } = await import('./job-process-tracing.ts');
  return traceJob(job, (trace) => runJob(job, { ...deps, layer: layerInTrace(deps.layer, trace) }, signal));
}
