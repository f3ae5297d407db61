/**
 * Every way a job can fail, by the code `job.failed` carries (and the job's
 * record stores as `errorCode`). One list, shared by the workers, the
 * interface server and the client, like BullMQ's `errors/`. `retried`: the
 * worker tries the job again (JOB_ATTEMPTS in all, with backoff) before
 * announcing the failure; failures that the same input would meet again are
 * announced at once. docs/reliability.md#job-failures says what bounds each.
 */
export const JOB_FAILURES = {
  /** The input cannot be processed (not a CSV, no rows, …); `reason` names the problem. */
  bad_input: { retried: false },
  /** The job ran past its channel's time limit (JOB_TIMEOUT_MS); a job that does not stop is killed. */
  timed_out: { retried: false },
  /** Cancelled by its client (`job.cancel`). */
  cancelled: { retried: false },
  /** The job needed more memory than its channel's heap limit (JOB_HEAP_MB). */
  out_of_memory: { retried: false },
  /** The job's processor module could not be loaded (a broken deploy); the operator must fix the worker. */
  processor_unavailable: { retried: false },
  /** No job process could be started for the job (the machine is out of processes, memory or file descriptors). */
  start_failed: { retried: true },
  /** The job's process was killed from outside the worker (an operator, the system's out-of-memory killer). */
  killed: { retried: true },
  /** The job's process ended unexpectedly: an uncaught exception in its processor, or an exit. */
  crashed: { retried: true },
  /** The processor failed with an unexpected error on every attempt. */
  internal: { retried: true },
} as const satisfies Record<string, { retried: boolean }>;

/** A code of `JOB_FAILURES`. */
export type JobFailureCode = keyof typeof JOB_FAILURES;

/** The failure codes, for schemas. */
export const JOB_FAILURE_CODES = Object.keys(JOB_FAILURES) as [JobFailureCode, ...JobFailureCode[]];

/** Whether `code` is one of the failure codes. */
export function isJobFailureCode(code: unknown): code is JobFailureCode {
  return typeof code === 'string' && Object.hasOwn(JOB_FAILURES, code);
}
