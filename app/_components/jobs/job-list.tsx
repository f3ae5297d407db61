'use client';

import Link from 'next/link';
import { JobProgress } from './job-progress.tsx';
import { JobStateBadge } from './job-state.tsx';
import { jobsNewestFirst } from './job-views.ts';
import type { JobView } from './job-views.ts';
import { useJobs } from './jobs-provider.tsx';

/**
 * The client's jobs, newest first, live: each with its state, its progress
 * while running, or why it failed; each links to its page.
 */
export function JobList() {
  const { views, listed, listError } = useJobs();
  const jobs = jobsNewestFirst(views);
  return (
    <section className="card" aria-labelledby="job-list-heading">
      <h2 id="job-list-heading">Your jobs</h2>
      {listError && (
        <p role="alert" className="form__error">
          Could not load your jobs: {listError}
        </p>
      )}
      {jobs.length === 0 ? (
        <p className="muted" role="status">
          {listed ? 'No jobs yet: upload a CSV above.' : 'Loading your jobs…'}
        </p>
      ) : (
        <table className="job-table" data-testid="job-list">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow key={job.jobId} job={job} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function JobRow({ job }: { job: JobView }) {
  return (
    <tr data-testid="job-row" data-job-id={job.jobId}>
      <th scope="row">
        <Link href={`/jobs/${job.jobId}`}>{job.label ?? 'Untitled job'}</Link>
        <span className="job-table__kind">{job.channel === 'report.render' ? 'report' : 'profile'}</span>
      </th>
      <td>
        <JobStateBadge state={job.state} />
      </td>
      <td>
        {job.state === 'queued' || job.state === 'active' ? (
          <JobProgress job={job} compact />
        ) : (
          <span className={job.error ? 'job-table__error' : 'muted'}>{job.error ?? (job.state === 'completed' ? 'done' : '—')}</span>
        )}
      </td>
      <td className="muted">{job.createdAt ? new Date(job.createdAt).toLocaleString('en-GB') : '—'}</td>
    </tr>
  );
}
