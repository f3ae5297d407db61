import { availableParallelism } from 'node:os';
import type { WorkerChannelName } from '../server/protocol/jobs.ts';

/** How a worker pool runs one channel's jobs. */
export type ChannelSettings = {
  /** Jobs processed at once by one worker process (each sandboxed one in its own job process). */
  concurrency: number;
  /** A job running longer than this fails with `timed_out` (no retry). */
  timeoutMs: number;
  /**
   * Jobs run in child processes of the worker ("job processes"), each with a
   * V8 heap of at most `heapMb` (JOB_HEAP_MB overrides it): CPU-bound work
   * never blocks the worker's event loop (BullMQ's locks), and a job that
   * crashes or runs out of memory takes only its own process down. `null`:
   * jobs run in the worker process itself, which saves the hand-over on
   * every job of a light channel.
   */
  sandbox: { heapMb: number } | null;
};

/**
 * Per-channel settings. CPU-bound `bigdata.process` uses every core of its
 * machine, each job in its own process; the light `report.render` (a
 * database read and some string work) runs in the worker process.
 *
 * `bigdata.process`'s heap: the largest inputs it accepts (20 MiB, 1M rows)
 * needed at most 315 MB of heap (free text of distinct words, in a job
 * process; docs/reliability.md), so 512 MB leaves room to spare. Its column
 * arrays live outside the heap, bounded by the input (17 bytes a character).
 */
export const channelSettings: { [C in WorkerChannelName]: ChannelSettings } = {
  'bigdata.process': { concurrency: availableParallelism(), timeoutMs: 10 * 60_000, sandbox: { heapMb: 512 } },
  'report.render': { concurrency: 2, timeoutMs: 30_000, sandbox: null },
};
