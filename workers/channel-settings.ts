import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { Config } from '../server/config.ts';
import { ImproperlyConfigured } from '../server/errors.ts';
import type { WorkerChannelName } from '../server/features/jobs/jobs-protocol.ts';

/** How a worker pool runs one channel's jobs, with the bounds each limit must keep. */
const channelSettingsSchema = z
  .object({
    /** Jobs processed at once by one worker process (each sandboxed one in its own job process). 1–256. */
    concurrency: z.number().int().min(1).max(256),
    /**
     * A job running longer than this fails with `timed_out` (no retry): its
     * signal aborts, and a sandboxed job still running 2 s later has its
     * process killed. 1 s – 24 h.
     */
    timeoutMs: z.number().int().min(1000).max(86_400_000),
    /**
     * Jobs run in child processes of the worker ("job processes"), each with a
     * V8 heap of at most `heapMb` (32–65,536): CPU-bound work never blocks the
     * worker's event loop (BullMQ's locks), and a job that crashes, loops or
     * runs out of memory takes only its own process down. `null`: jobs run in
     * the worker process itself, which saves the hand-over on every job of a
     * light channel, and its time limit only aborts the job's signal.
     */
    sandbox: z.object({ heapMb: z.number().int().min(32).max(65_536) }).strict().nullable(),
  })
  .strict();

/** How a worker pool runs one channel's jobs (see the schema above for each field and its bounds). */
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** Settings for every channel. */
export type ChannelSettingsMap = { readonly [C in WorkerChannelName]: ChannelSettings };

/**
 * Checks every channel's settings against their bounds.
 * @throws ImproperlyConfigured naming the channel and the field, e.g. "bigdata.process: timeoutMs must be at least 1000"
 */
export function validateChannelSettings(settings: ChannelSettingsMap): ChannelSettingsMap {
  for (const [channel, value] of Object.entries(settings)) {
    const parsed = channelSettingsSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`);
      throw new ImproperlyConfigured(`channel settings of ${channel} are invalid (workers/channel-settings.ts): ${problems.join('; ')}`);
    }
  }
  return settings;
}

/**
 * Per-channel defaults. CPU-bound `bigdata.process` uses every core of its
 * machine, each job in its own process; the light `report.render` (a
 * database read and some string work) runs in the worker process.
 *
 * `bigdata.process`'s limits fit its largest valid input: those inputs (20
 * MiB, 1M rows) needed at most 315 MB of heap (free text of distinct words,
 * in a job process; docs/reliability.md), so 512 MB leaves room to spare;
 * its column arrays live outside the heap, bounded by the input (17 bytes a
 * character). They took seconds, so 10 minutes is a limit only a stuck job meets.
 */
export const channelSettings: ChannelSettingsMap = validateChannelSettings({
  'bigdata.process': { concurrency: availableParallelism(), timeoutMs: 10 * 60_000, sandbox: { heapMb: 512 } },
  'report.render': { concurrency: 2, timeoutMs: 30_000, sandbox: null },
});

/**
 * The settings a worker process runs with: the defaults, overridden for
 * every channel it serves by WORKER_CONCURRENCY, JOB_TIMEOUT_MS and
 * JOB_HEAP_MB where set (validated by the config reader).
 */
export function effectiveChannelSettings(config: Pick<Config, 'workerConcurrency' | 'jobTimeoutMs' | 'jobHeapMb'>): ChannelSettingsMap {
  const entries = Object.entries(channelSettings).map(([channel, settings]) => [
    channel,
    {
      concurrency: config.workerConcurrency ?? settings.concurrency,
      timeoutMs: config.jobTimeoutMs ?? settings.timeoutMs,
      sandbox: settings.sandbox && { heapMb: config.jobHeapMb ?? settings.sandbox.heapMb },
    },
  ]);
  return validateChannelSettings(Object.fromEntries(entries) as ChannelSettingsMap);
}
