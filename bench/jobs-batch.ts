import type { Queue } from 'bullmq';
import type { Database } from '../prisma/client.ts';
import type { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { awaitCompletions, submitBigdata } from './jobs-client.ts';
import { monotonicMs } from './lib/clock.ts';
import { flushWrites } from './lib/flush-writes.ts';
import { round } from './lib/stats.ts';

/** How fast a batch of bigdata.process jobs ran: from the queue's resume to the last `job.completed`. */
export type BatchResult = { jobs: number; seconds: number; jobsPerSecond: number };

/** A batch waiting in its paused queue; `run` releases it to the workers and times it. */
export type QueuedBatch = { run(): Promise<BatchResult> };

/**
 * Pauses `queue` (the `bigdata.process` channel) and uploads `jobs` copies of
 * `csv`, one by one, through the HTTP route; they wait in the queue, and
 * their writes are flushed to disk, so the timed part is the workers'
 * processing alone, not the uploads.
 */
export async function queueBatch(db: Database, url: string, client: SocketCommunicator, queue: Queue, csv: string, jobs: number): Promise<QueuedBatch> {
  await queue.pause();
  const ids: string[] = [];
  for (let i = 0; i < jobs; i += 1) ids.push(await submitBigdata(url, client, csv, `bench-batch-${i}.csv`));
  await flushWrites(db);
  return {
    async run() {
      const start = monotonicMs();
      await queue.resume();
      await awaitCompletions(client, ids, 60_000 + 5_000 * jobs);
      const seconds = (monotonicMs() - start) / 1000;
      return { jobs, seconds: round(seconds, 3), jobsPerSecond: round(jobs / seconds, 3) };
    },
  };
}
