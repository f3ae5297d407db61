import type { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { awaitCompletions } from './jobs-client.ts';
import { monotonicMs } from './lib/clock.ts';
import { percentile, round } from './lib/stats.ts';

/** p50/p90/p99/max of a list of milliseconds. */
export type Percentiles = { p50: number; p90: number; p99: number; max: number };

/** Round trips of one kind of job: from the client's submit to `job.completed` on its reply channel. */
export type RoundTrips = {
  jobs: number;
  /** Submit → `job.completed` received. */
  latencyMs: Percentiles;
  /** Submit → the server's answer (job recorded in PostgreSQL and enqueued in BullMQ). */
  submitMs: Percentiles;
};

/** Summarises milliseconds as percentiles, rounded to 0.01 ms. */
function percentilesOf(values: readonly number[]): Percentiles {
  const at = (p: number) => round(percentile(values, p));
  return { p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

/**
 * Runs `count` jobs strictly one after another, each submitted by `submit`
 * (which resolves with the job id when the server has answered), and times
 * each until its `job.completed` reaches the client.
 */
export async function measureRoundTrips(client: SocketCommunicator, submit: (index: number) => Promise<string>, count: number): Promise<RoundTrips> {
  const latency: number[] = [];
  const submitted: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = monotonicMs();
    const jobId = await submit(i);
    submitted.push(monotonicMs() - start);
    await awaitCompletions(client, [jobId], 30_000);
    latency.push(monotonicMs() - start);
  }
  return { jobs: count, latencyMs: percentilesOf(latency), submitMs: percentilesOf(submitted) };
}
