'use client';

import { useState } from 'react';
import { JobProgress } from './job-progress.tsx';
import type { JobView } from './job-views.ts';
import { messageOf, useJobs } from './jobs-provider.tsx';
import { useJob } from './use-job.ts';
import { FormError } from '../form-error';

/**
 * The Markdown report of a completed bigdata job. "Render report" sends
 * `report.request`; the report is rendered by another worker channel
 * (`report.render`) and its `job.completed` arrives on this tab's reply
 * channel, like the profile's did — routing by channel name, shown.
 */
export function ReportPanel({ source }: { source: JobView }) {
  const { views, requestReport } = useJobs();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reportId = source.reportIds.at(-1) ?? null;
  const report = reportId === null ? null : (views.byId[reportId] ?? null);
  const busy = pending || (report !== null && (report.state === 'queued' || report.state === 'active'));

  async function render() {
    setPending(true);
    setError(null);
    try {
      await requestReport(source.jobId);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card report-panel" aria-labelledby="report-heading">
      <div className="report-panel__head">
        <h2 id="report-heading">Report</h2>
        <button type="button" className="button" onClick={render} disabled={busy}>
          {busy ? 'Rendering…' : report ? 'Render again' : 'Render report'}
        </button>
      </div>
      <FormError message={error} />
      {report === null && !error && <p className="muted">A summary of this profile in Markdown, to paste into notes or a ticket.</p>}
      {reportId && <LatestReport reportId={reportId} />}
    </section>
  );
}

// Kept current by useJob: loaded again if its result did not arrive as a message.
function LatestReport({ reportId }: { reportId: string }) {
  const { job, error } = useJob(reportId);
  if (job) return <ReportOutput report={job} error={error} />;
  return error ? <p className="form__error">{error}</p> : null;
}

/** A report job's output: its progress, its failure, or its Markdown as preformatted text (`error`: why loading it failed). */
export function ReportOutput({ report, error = null }: { report: JobView; error?: string | null }) {
  if (report.state === 'queued' || report.state === 'active') return <JobProgress job={report} />;
  if (report.state === 'failed' || report.state === 'cancelled') {
    return (
      <p role="alert" className="form__error">
        The report was not rendered: {report.error ?? report.state}
      </p>
    );
  }
  if (report.completed?.channel !== 'report.render') {
    return error ? <p className="form__error">The report could not be loaded: {error} Reload the page to try again.</p> : <p className="muted">Loading the report…</p>;
  }
  return (
    <pre className="report" aria-label="Report (Markdown)" data-testid="report" tabIndex={0}>
      {report.completed.result.markdown}
    </pre>
  );
}
