import { formatBytes, formatCount, formatPercent } from './format.ts';
import type { JobView } from './job-views.ts';

/**
 * A running job's progress bar (role `progressbar`, value in percent with one
 * decimal) and, unless `compact`, what the worker last reported: rows read and
 * bytes while parsing, rows while analysing the columns.
 */
export function JobProgress({ job, compact = false }: { job: JobView; compact?: boolean }) {
  const percent = Math.floor(job.fraction * 1000) / 10;
  const detail = describe(job);
  return (
    <div className={compact ? 'job-progress job-progress--compact' : 'job-progress'}>
      <div
        role="progressbar"
        className="job-progress__bar"
        aria-label={`Progress of ${job.label ?? 'the job'}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${formatPercent(job.fraction)}: ${detail}`}
        data-testid="job-progress"
      >
        <div className="job-progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="job-progress__text" data-testid="job-progress-text">
        <strong>{formatPercent(job.fraction)}</strong>
        {compact ? null : <> · {detail}</>}
      </p>
    </div>
  );
}

function describe(job: JobView): string {
  if (job.state === 'queued') return 'waiting for a worker';
  const report = job.progress;
  if (report === null) return 'running';
  if (report.channel === 'report.render') return 'rendering the report';
  const { phase, rowsProcessed, totalRows, bytesProcessed, totalBytes } = report.progress;
  if (phase === 'parsing') {
    return `reading rows: ${formatCount(rowsProcessed)} rows processed, ${formatBytes(bytesProcessed)} of ${formatBytes(totalBytes)}`;
  }
  return `analysing the columns of ${formatCount(rowsProcessed)} / ${formatCount(totalRows ?? rowsProcessed)} rows`;
}
