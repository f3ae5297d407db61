import type { JobState } from '../../../server/features/jobs/jobs-protocol.ts';

const LABELS: Record<JobState, string> = {
  queued: 'queued',
  active: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** A job's state as a small badge; the raw state is its `data-state`, for styles and tests. */
export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <span className="job-state" data-state={state} data-testid="job-state">
      {LABELS[state]}
    </span>
  );
}
