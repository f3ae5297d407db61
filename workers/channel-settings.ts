import { availableParallelism } from 'node:os';
import type { WorkerChannelName } from '../server/protocol/jobs.ts';

/** How a worker pool runs one channel's jobs. */
export type ChannelSettings = {
  /** Jobs processed at once by one worker process (each in its own worker thread). */
  concurrency: number;
  /** A job running longer than this fails with `timed_out` (no retry). */
  timeoutMs: number;
  /**
   * Jobs run in worker threads: CPU-bound work never blocks the process's
   * event loop (BullMQ's locks), and a processor that crashes takes only its
   * thread down. A light channel runs in the process itself and saves the
   * hand-over to a thread on every job.
   */
  sandboxed: boolean;
};

/**
 * Per-channel settings. CPU-bound `bigdata.process` uses every core of its
 * machine, each job in its own thread; the light `report.render` (a database
 * read and some string work) runs in the process.
 */
export const channelSettings: { [C in WorkerChannelName]: ChannelSettings } = {
  'bigdata.process': { concurrency: availableParallelism(), timeoutMs: 10 * 60_000, sandboxed: true },
  'report.render': { concurrency: 2, timeoutMs: 30_000, sandboxed: false },
};
