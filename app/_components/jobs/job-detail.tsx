'use client';

import Link from 'next/link';
import { useState } from 'react';
import { DatasetProfile } from './dataset-profile.tsx';
import { JobFailure } from './job-failure.tsx';
import { JobProgress } from './job-progress.tsx';
import { JobStateBadge } from './job-state.tsx';
import type { JobView } from './job-views.ts';
import { messageOf, useJobs } from './jobs-provider.tsx';
import type { JobGrant } from './jobs-provider.tsx';
import { ReportOutput, ReportPanel } from './report-panel.tsx';
import { SharePanel } from './share-panel.tsx';
import { useJob } from './use-job.ts';
import { FormError } from '../form-error';
import { sentence } from '../sentence.ts';

/**
 * One job's page: its progress while it runs (with Cancel), why it failed, or
 * its result — a bigdata profile with its report panel, or a report's Markdown
 * — and, for its owner, its share link. With `share` (the token of a share
 * link) it shows someone else's job, read-only.
 */
export function JobDetail({ jobId, share }: { jobId: string; share?: string }) {
  const { job, grant, setShareToken, problem, error } = useJob(jobId, share);
  if (problem === 'missing') {
    return (
      <section className="card" role="alert">
        <h1>No such job</h1>
        <p>
          {share
            ? 'This share link does not open a job: its owner may have stopped sharing it, or the link was copied only in part.'
            : 'This job does not exist, or it is not yours: a job belongs to the browser it was started in, or to your account when you are logged in. To see someone else’s job, ask them for its share link.'}
        </p>
        <p>
          <Link href="/jobs">Your jobs</Link>
        </p>
      </section>
    );
  }
  if (!job) {
    return (
      <p className={error ? 'form__error' : 'muted'} role={error ? 'alert' : 'status'}>
        {error ? sentence(error) : 'Loading the job…'}
      </p>
    );
  }
  return (
    <article className="job-detail" data-testid="job-detail" data-job-id={job.jobId}>
      <header className="job-detail__head">
        <p className="muted job-detail__kind">{job.channel === 'report.render' ? 'Report' : 'Dataset profile'}</p>
        <h1>{job.label ?? 'Job'}</h1>
        <JobStateBadge state={job.state} />
        {grant?.access === 'link' && <p className="muted job-detail__shared">Shared with you by link.</p>}
      </header>
      <JobBody job={job} grant={grant} error={error} />
      {grant?.access === 'owner' && <SharePanel jobId={job.jobId} shareToken={grant.shareToken} onChange={setShareToken} />}
    </article>
  );
}

function JobBody({ job, grant, error }: { job: JobView; grant: JobGrant | null; error: string | null }) {
  if (job.state === 'queued' || job.state === 'active') return <RunningJob job={job} owned={grant?.access === 'owner'} />;
  if (job.state === 'failed') return <JobFailure job={job} />;
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
      {grant?.access === 'owner' && <ReportPanel source={job} />}
    </>
  );
}

// Only the owner may cancel; a link viewer follows the progress (useJob loads it again while it runs).
function RunningJob({ job, owned }: { job: JobView; owned: boolean }) {
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
      {owned && <div className="job-detail__actions">
        <button type="button" className="button button--quiet" onClick={cancelJob} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>}
      <FormError message={error} />
    </section>
  );
}
