import { availableParallelism } from 'node:os';
import type { WorkerChannelName } from '../server/protocol/jobs.ts';

/** How a worker pool runs one channel's jobs. */
export type ChannelSettings = {
  /** Jobs processed at once by one worker process (each in its own worker thread). */
  concurrency: number;
  /** A job running longer than this fails with `timed_out` (no retry). */
  timeoutMs: number;
};

/**
 * Per-channel settings. CPU-bound `bigdata.process` uses every core of its
 * machine; the light `report.render` needs little.
 */
export const channelSettings: { [C in WorkerChannelName]: ChannelSettings } = {
  'bigdata.process': { concurrency: availableParallelism(), timeoutMs: 10 * 60_000 },
  'report.render': { concurrency: 2, timeoutMs: 30_000 },
};
