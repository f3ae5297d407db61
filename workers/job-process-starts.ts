import type { JobMetrics } from '../server/metrics/job-metrics.ts';
import type { WorkerChannelName } from '../server/features/jobs/jobs-protocol.ts';
import type { StartListener } from './job-process-pool.ts';

/**
 * Reports whether a channel's job processes can be started: in /metrics
 * (`switchyard_job_processes_startable`), and in the log once when starting
 * fails (not once per job: a pool that cannot start any process would say
 * so for every job it takes) and once when a process starts again.
 */
export function watchJobProcessStarts(channel: WorkerChannelName, metrics: JobMetrics, log: (line: string) => void = console.error): StartListener {
  let failing = false;
  return {
    started() {
      if (failing) log(`[switchyard] ${channel}: job processes start again`);
      failing = false;
      metrics.canStart(channel, true);
    },
    failed(failure) {
      if (!failing) {
        log(`[switchyard] ${channel}: cannot start job processes: ${failure.reason}. Its jobs fail with start_failed (after their retries) until one starts; this worker serves its other channels meanwhile`);
      }
      failing = true;
      metrics.canStart(channel, false);
    },
  };
}
