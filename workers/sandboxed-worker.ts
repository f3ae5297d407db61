import { Worker } from 'bullmq';
import type { Job, WorkerOptions } from 'bullmq';
import type { TraceCarrier } from '../server/tracing/trace-context.ts';
import type { SandboxedJobJson } from './job-process.ts';
import { JobProcessPool } from './job-process-pool.ts';
import type { StartListener } from './job-process-pool.ts';

/** How long past its time limit a job that ignores its abort signal may run before its process is killed. */
const KILL_GRACE_MS = 2000;

/** A sandboxed channel's job processes: its processor module, their heap, the time limit of a job. */
export type SandboxOptions = {
  processorFile: URL;
  heapMb: number;
  timeoutMs: number;
  /** Told when a job process starts, or fails to. */
  starts: StartListener;
  /** The trace context a job's process continues (the worker's span of the job); none: the job runs untraced there. */
  traceOf?: (job: Job) => TraceCarrier | undefined;
};

/**
 * A BullMQ worker that runs each job in a child process ("job process",
 * workers/job-process.ts) with a V8 heap of at most `heapMb` and none of
 * this process's Node flags. Every way a job process fails ends its job
 * with a JobFailure and leaves this worker serving: a job that needs more
 * memory, loops past its time limit, crashes or is killed takes only its
 * own process down.
 *
 * Processes, not worker threads: a thread's `resourceLimits` leave typed
 * arrays out, and a thread that fills its heap in one large allocation (a Map
 * of a million distinct values growing) aborts the whole process —
 * nodejs/node#47224; 9 of 21 trials here with the CSV profiler.
 *
 * @example new SandboxedWorker('bigdata.process', { processorFile: new URL('./sandbox.mjs', import.meta.url), heapMb: 512, timeoutMs: 600_000, starts }, { connection });
 */
export class SandboxedWorker<D = unknown> extends Worker<D> {
  private readonly pool: JobProcessPool;
  private readonly limits: { timeoutMs: number; graceMs: number };
  private readonly traceOf: (job: Job) => TraceCarrier | undefined;

  constructor(name: string, sandbox: SandboxOptions, options: WorkerOptions) {
    super(name, sandbox.processorFile, { ...options, useWorkerThreads: false });
    this.pool = new JobProcessPool({ processorFile: sandbox.processorFile, heapMb: sandbox.heapMb }, sandbox.starts);
    this.limits = { timeoutMs: sandbox.timeoutMs, graceMs: KILL_GRACE_MS };
    this.traceOf = sandbox.traceOf ?? (() => undefined);
  }

  /** BullMQ's sandbox, replaced by the job process pool (called by BullMQ's constructor, before this one's fields exist). */
  protected override createSandbox(): void {
    this.processFn = (job, token, signal) => this.pool.run(this.handOver(job), token, signal, this.limits);
  }

  /** A job as its process gets it, its data carrying this worker's trace context instead of the enqueuer's. */
  private handOver(job: Job): SandboxedJobJson {
    return { ...job.asJSONSandbox(), data: JSON.stringify({ ...(job.data as object), trace: this.traceOf(job) }) };
  }

  /**
   * Starts one job process ahead of the first job: proves that the processor
   * module loads. @throws JobFailure `processor_unavailable` or `start_failed`
   */
  async prestart(): Promise<void> {
    this.pool.give(await this.pool.take());
  }

  /** Closes the BullMQ worker (running jobs finish), then stops the job processes. */
  override async close(force?: boolean): Promise<void> {
    await super.close(force);
    await this.pool.close();
  }
}
