import type { Database } from '../prisma/client.ts';
import type { WorkerChannelName, WorkerInput, WorkerProgress, WorkerResult } from '../server/features/jobs/jobs-protocol.ts';

/** What a processor gets besides its input. */
export type ProcessorContext<C extends WorkerChannelName> = {
  /** Aborts on cancellation by the client, on the job's timeout, and on worker shutdown. */
  signal: AbortSignal;
  /** Reports progress to the requesting client (throttled by the runner). */
  progress(progress: WorkerProgress<C>): void;
  /** The database, for loading inputs stored by reference (datasets, earlier results). */
  db: Database;
};

/** A worker channel's processor: input in, result out; CPU-bound work runs in a job process. */
export type Processor<C extends WorkerChannelName> = (input: WorkerInput<C>, context: ProcessorContext<C>) => Promise<WorkerResult<C>>;

/** The processor of every worker channel (workers/processors/index.ts, or WORKER_PROCESSORS). */
export type ProcessorRegistry = { [C in WorkerChannelName]: Processor<C> };

/**
 * A failure that retrying cannot fix (bad data, a deleted dataset): the job
 * fails at once and the client is told this message. BullMQ recognises the name.
 */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableError';
  }
}
