'use client';

import Link from 'next/link';
import { sentence } from '../sentence.ts';
import { JobProgress } from './job-progress.tsx';
import { JobStateBadge } from './job-state.tsx';
import { jobsNewestFirst } from './job-views.ts';
import type { JobView } from './job-views.ts';
import { useJobs } from './jobs-provider.tsx';

/**
 * The browser's (or user's) jobs, newest first, live: each with its state, its progress
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
        // Explicit roles: on narrow screens the rows are laid out as cards (jobs.css), which drops the elements' own.
        <table className="job-table" data-testid="job-list" role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">Job</th>
              <th scope="col" role="columnheader">State</th>
              <th scope="col" role="columnheader">Progress</th>
              <th scope="col" role="columnheader">Started</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
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
    <tr data-testid="job-row" data-job-id={job.jobId} role="row">
      <th scope="row" role="rowheader">
        <Link href={`/jobs/${job.jobId}`}>{job.label ?? 'Untitled job'}</Link>
        <span className="job-table__kind">{job.channel === 'report.render' ? 'report' : 'profile'}</span>
      </th>
      <td role="cell">
        <JobStateBadge state={job.state} />
      </td>
      <td role="cell" className="job-table__progress">
        {job.state === 'queued' || job.state === 'active' ? (
          <JobProgress job={job} compact />
        ) : (
          <span className={job.error ? 'job-table__error' : 'muted'}>{job.error ? sentence(job.error) : job.state === 'completed' ? 'Done' : '—'}</span>
        )}
      </td>
      <td role="cell" className="muted">{job.createdAt ? new Date(job.createdAt).toLocaleString('en-GB') : '—'}</td>
    </tr>
  );
}
