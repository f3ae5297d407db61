import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Records how long jobs take, by channel and outcome. */
export type JobMetrics = { observe(channel: string, outcome: 'completed' | 'failed', seconds: number): void };

/** Registers `switchyard_job_duration_seconds{channel,outcome}` (processing time, from start to finish). */
export function registerJobMetrics(registry: Registry): JobMetrics {
  const duration = new Histogram({
    name: 'switchyard_job_duration_seconds',
    help: 'Time a worker spent on a job, from start to finish',
    labelNames: ['channel', 'outcome'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  return { observe: (channel, outcome, seconds) => duration.observe({ channel, outcome }, seconds) };
}
