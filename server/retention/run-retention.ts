import { poolOf } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import type { SweepCount } from './delete-in-batches.ts';
import type { RetentionPolicy } from './retention-policy.ts';
import { sweepAbandonedUploads, sweepChatMessages, sweepChatRooms, sweepDatasets, sweepJobs, sweepOutbox, sweepSessions } from './sweeps.ts';
import type { Sweep } from './sweeps.ts';

/** The stores, in the order a run sweeps them: messages before the rooms they empty, uploads and datasets before jobs. */
const SWEEPS = {
  sessions: sweepSessions,
  outbox: sweepOutbox,
  chatMessages: sweepChatMessages,
  chatRooms: sweepChatRooms,
  abandonedUploads: sweepAbandonedUploads,
  datasets: sweepDatasets,
  jobs: sweepJobs,
} satisfies Record<string, Sweep>;

/** A store the retention job sweeps. */
export type RetentionStore = keyof typeof SWEEPS;

/** What one run deleted, per store. */
export type RetentionReport = Record<RetentionStore, SweepCount>;

/** What a run needs besides the database and the policy. */
export type RetentionRunOptions = {
  /** The time the run counts ages from; default: now. */
  now?: Date;
  /** The chat rooms someone is in now, which are kept even when empty; default: none. */
  occupiedRooms?: () => Promise<ReadonlySet<string>>;
  /** Stops the run between two batches (a worker shutting down). */
  signal?: AbortSignal;
};

/**
 * Deletes what `policy` no longer keeps, store by store, each in bounded
 * batches. Idempotent: running it twice, or on two processes at once, deletes
 * the same rows once.
 *
 * @example const report = await runRetention(db, config.retention);
 */
export async function runRetention(db: Database, policy: RetentionPolicy, options: RetentionRunOptions = {}): Promise<RetentionReport> {
  const pool = poolOf(db);
  const occupiedRooms = (await options.occupiedRooms?.()) ?? new Set<string>();
  const context = { now: options.now ?? new Date(), policy, occupiedRooms, signal: options.signal };
  const report = {} as RetentionReport;
  for (const [store, sweep] of Object.entries(SWEEPS) as [RetentionStore, Sweep][]) report[store] = await sweep(pool, context);
  return report;
}
