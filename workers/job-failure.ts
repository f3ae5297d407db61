import { JOB_FAILURES, isJobFailureCode } from '../server/protocol/job-failures.ts';
import type { JobFailureCode } from '../server/protocol/job-failures.ts';

/**
 * A job's failure with its code (server/protocol/job-failures.ts) and the
 * reason its client is told. The message starts with the code, so Bull
 * Board's failed list (`failedReason`) shows it. A failure its code does not
 * retry carries the name BullMQ knows for "do not retry" (UnrecoverableError).
 * Its fields survive the trip from a job process as plain properties.
 *
 * @example throw new JobFailure('timed_out', 'the job took longer than 600 s');
 */
export class JobFailure extends Error {
  constructor(
    readonly code: JobFailureCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
    this.name = JOB_FAILURES[code].retried ? 'JobFailure' : 'UnrecoverableError';
  }

  /**
   * The failure an error stands for: itself, a JobFailure that crossed from a
   * job process (its code and reason arrive as plain properties), or else
   * `fallback` with the error's message.
   */
  static of(error: Error, fallback: JobFailureCode, describe: (message: string) => string): JobFailure {
    if (error instanceof JobFailure) return error;
    const { code, reason } = error as Error & { code?: unknown; reason?: unknown };
    if (isJobFailureCode(code) && typeof reason === 'string') return new JobFailure(code, reason);
    return new JobFailure(fallback, describe(error.message));
  }
}
