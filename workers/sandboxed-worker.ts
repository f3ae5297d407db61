import { Worker } from 'bullmq';
import type { Processor, WorkerOptions } from 'bullmq';
import { PermanentFailure } from './processor.ts';

/**
 * How BullMQ's sandbox reports a job process that died mid-job of SIGABRT
 * (`Unexpected exit code: null signal: SIGABRT`): V8 aborts a process whose
 * heap is full ("FATAL ERROR: … JavaScript heap out of memory"), the one way
 * a job process of plain JavaScript aborts. Pinned by job-memory-limit.test.ts.
 */
const ABORTED = /\bsignal: SIGABRT$/;

/**
 * A job whose process ran out of memory. Final: the same input would need as
 * much memory again, so it is not retried (BullMQ knows PermanentFailure's name).
 */
export class JobOutOfMemory extends PermanentFailure {
  constructor(readonly heapMb: number) {
    super(`the job needed more than the ${heapMb} MB of memory a job may use (JOB_HEAP_MB); try a smaller file, or ask the operator to raise JOB_HEAP_MB`);
  }
}

/**
 * A BullMQ worker that runs a processor file in child processes ("job
 * processes"), each with a V8 heap of at most `heapMb` and none of this
 * process's Node flags. A job that needs more memory ends its own process
 * only, and fails at once with JobOutOfMemory.
 *
 * Processes, not worker threads: a thread's `resourceLimits` leave typed
 * arrays out, and a thread that fills its heap in one large allocation (a Map
 * of a million distinct values growing) aborts the whole process —
 * nodejs/node#47224; 9 of 21 trials here with the CSV profiler.
 *
 * @example new SandboxedWorker('bigdata.process', new URL('./sandbox.mjs', import.meta.url), 512, { connection, concurrency: 2 });
 */
export class SandboxedWorker<D = unknown> extends Worker<D> {
  private readonly heapMb: number;

  constructor(name: string, processorFile: URL, heapMb: number, options: WorkerOptions) {
    super(name, processorFile, { ...options, useWorkerThreads: false, workerForkOptions: { execArgv: [`--max-old-space-size=${heapMb}`] } });
    this.heapMb = heapMb;
  }

  /** BullMQ's sandbox, with a job process's death of memory turned into JobOutOfMemory. */
  protected override createSandbox(processor: string | URL | null | Processor<D>): void {
    super.createSandbox(processor);
    const run = this.processFn;
    this.processFn = async (job, token, signal) => {
      try {
        return await run(job, token, signal);
      } catch (error) {
        throw error instanceof Error && ABORTED.test(error.message) ? new JobOutOfMemory(this.heapMb) : error;
      }
    };
  }
}
