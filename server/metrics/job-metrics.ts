import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { REALTIME_BUCKETS } from './delivery-metrics.ts';

/** A worker's job figures, by channel. */
export type JobMetrics = {
  /** Records how long a job waited in its queue, from enqueue to its start. */
  waited(channel: string, seconds: number): void;
  /** Records how long a job took, by outcome. */
  observe(channel: string, outcome: 'completed' | 'failed', seconds: number): void;
  /** Counts a job that failed for good, by its failure code (server/protocol/job-failures.ts). */
  failed(channel: string, code: string): void;
  /** Whether this worker can start job processes for `channel`: false from a failed start until one starts. */
  canStart(channel: string, ok: boolean): void;
};

/**
 * Registers `switchyard_job_queue_wait_seconds{channel}` (enqueue to start),
 * `switchyard_job_duration_seconds{channel,outcome}` (processing
 * time, from start to finish), `switchyard_job_failures_total{channel,code}`
 * and `switchyard_job_processes_startable{channel}` (1, or 0 while job
 * processes of a sandboxed channel cannot be started).
 */
export function registerJobMetrics(registry: Registry): JobMetrics {
  const wait = new Histogram({
    name: 'switchyard_job_queue_wait_seconds',
    help: 'Time a job waited in its queue, from enqueue to the start of its (latest) attempt',
    labelNames: ['channel'],
    buckets: [...REALTIME_BUCKETS, 30, 60, 300],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'switchyard_job_duration_seconds',
    help: 'Time a worker spent on a job, from start to finish',
    labelNames: ['channel', 'outcome'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'switchyard_job_failures_total',
    help: 'Jobs that failed for good (after their retries), by failure code',
    labelNames: ['channel', 'code'],
    registers: [registry],
  });
  const startable = new Gauge({
    name: 'switchyard_job_processes_startable',
    help: '1 while this worker can start job processes for the channel; 0 from a failed start until one starts',
    labelNames: ['channel'],
    registers: [registry],
  });
  return {
    waited: (channel, seconds) => wait.observe({ channel }, Math.max(0, seconds)),
    observe: (channel, outcome, seconds) => duration.observe({ channel, outcome }, seconds),
    failed: (channel, code) => failures.inc({ channel, code }),
    canStart: (channel, ok) => startable.set({ channel }, ok ? 1 : 0),
  };
}
