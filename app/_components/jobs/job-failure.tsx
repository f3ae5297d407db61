import Link from 'next/link';
import { sentence } from '../sentence.ts';
import type { JobView } from './job-views.ts';

/** A failed job's page body: that it failed, why (the worker's reason, as a sentence), its failure code, and the way back to the upload form. */
export function JobFailure({ job }: { job: JobView }) {
  return (
    <div className="card job-failure" role="alert" data-testid="job-error">
      <h2>The job failed</h2>
      <p>{job.error ? sentence(job.error) : 'No reason was given.'}</p>
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
