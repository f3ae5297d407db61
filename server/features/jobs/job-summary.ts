import { isJobFailureCode } from '../../protocol/job-failures.ts';
import type { JobState, JobSummary, WorkerChannelName } from './jobs-protocol.ts';

/** The columns of a job record that make its summary; use as Prisma's `select`. */
export const JOB_SUMMARY_SELECT = {
  id: true,
  channel: true,
  state: true,
  label: true,
  fraction: true,
  error: true,
  errorCode: true,
  createdAt: true,
  finishedAt: true,
} as const;

/** A job record selected with `JOB_SUMMARY_SELECT`. */
export type JobSummaryRecord = {
  id: string;
  channel: string;
  state: string;
  label: string;
  fraction: number;
  error: string | null;
  errorCode: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/** A job record as its owner sees it in `job.list` and `job.get`. */
export function toJobSummary(job: JobSummaryRecord): JobSummary {
  return {
    jobId: job.id,
    channel: job.channel as WorkerChannelName,
    state: job.state as JobState,
    label: job.label,
    fraction: job.fraction,
    error: job.error,
    errorCode: isJobFailureCode(job.errorCode) ? job.errorCode : null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
