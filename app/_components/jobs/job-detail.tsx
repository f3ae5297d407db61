'use client';

import Link from 'next/link';
import { useState } from 'react';
import { DatasetProfile } from './dataset-profile.tsx';
import { JobProgress } from './job-progress.tsx';
import { JobStateBadge } from './job-state.tsx';
import type { JobView } from './job-views.ts';
import { messageOf, useJobs } from './jobs-provider.tsx';
import { ReportOutput, ReportPanel } from './report-panel.tsx';
import { useJob } from './use-job.ts';
import { FormError } from '../form-error';

/**
 * One job's page: its progress while it runs (with Cancel), why it failed, or
 * its result — a bigdata profile with its report panel, or a report's Markdown.
 */
export function JobDetail({ jobId }: { jobId: string }) {
  const { job, problem, error } = useJob(jobId);
  if (problem === 'missing') {
    return (
      <section className="card" role="alert">
        <h1>No such job</h1>
        <p>This job does not exist, or it belongs to another browser tab or user (jobs of visitors who are not logged in belong to their tab).</p>
        <p>
          <Link href="/jobs">Your jobs</Link>
        </p>
      </section>
    );
  }
  if (!job) {
    return (
      <p className={error ? 'form__error' : 'muted'} role={error ? 'alert' : 'status'}>
        {error ?? 'Loading the job…'}
      </p>
    );
  }
  return (
    <article className="job-detail" data-testid="job-detail" data-job-id={job.jobId}>
      <header className="job-detail__head">
        <p className="muted job-detail__kind">{job.channel === 'report.render' ? 'Report' : 'Dataset profile'}</p>
        <h1>{job.label ?? 'Job'}</h1>
        <JobStateBadge state={job.state} />
      </header>
      <JobBody job={job} error={error} />
    </article>
  );
}

function JobBody({ job, error }: { job: JobView; error: string | null }) {
  if (job.state === 'queued' || job.state === 'active') return <RunningJob job={job} />;
  if (job.state === 'failed') {
    return (
      <div className="card job-failure" role="alert" data-testid="job-error">
        <h2>The job failed</h2>
        <p>{job.error ?? 'No reason was given.'}</p>
        {job.errorCode && (
          <p className="muted" data-testid="job-error-code">
            Failure code: <code>{job.errorCode}</code>
          </p>
        )}
        <p>
          <Link href="/jobs">Upload another file</Link>
        </p>
      </div>
    );
  }
  if (job.state === 'cancelled') {
    return (
      <p className="card" role="status" data-testid="job-error">
        The job was cancelled{job.error ? `: ${job.error}` : ''}.
      </p>
    );
  }
  if (job.channel === 'report.render') return <ReportOutput report={job} error={error} />;
  if (job.completed?.channel !== 'bigdata.process') {
    return error ? (
      <p className="card form__error" role="alert">
        The result could not be loaded: {error} Reload the page to try again.
      </p>
    ) : (
      <p className="muted">Loading the result…</p>
    );
  }
  return (
    <>
      <DatasetProfile result={job.completed.result} />
      <ReportPanel source={job} />
    </>
  );
}

function RunningJob({ job }: { job: JobView }) {
  const { cancel } = useJobs();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancelJob() {
    setCancelling(true);
    setError(null);
    try {
      // The outcome arrives as job.failed (code `cancelled`), or job.completed if it finished first.
      await cancel(job.jobId);
    } catch (failure) {
      setError(messageOf(failure));
      setCancelling(false);
    }
  }

  return (
    <section className="card" aria-label="Progress">
      <JobProgress job={job} />
      <div className="job-detail__actions">
        <button type="button" className="button button--quiet" onClick={cancelJob} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <FormError message={error} />
    </section>
  );
}
