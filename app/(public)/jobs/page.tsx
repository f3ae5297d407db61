import type { Metadata } from 'next';
import { DatasetForm } from '../../_components/jobs/dataset-form.tsx';
import { JobList } from '../../_components/jobs/job-list.tsx';

export const metadata: Metadata = { title: 'Jobs' };

/** /jobs: profile a CSV (upload or paste), and the list of this client's jobs with their live state. */
export default function JobsPage() {
  return (
    <div className="jobs-page">
      <section className="intro">
        <h1>Jobs</h1>
        <p>
          Profiling runs on a worker, not on the server that holds your connection: the job is queued on the{' '}
          <code>bigdata.process</code> channel and its progress and result come back on this tab&apos;s reply channel,
          also after a reload.
        </p>
      </section>
      <DatasetForm />
      <JobList />
    </div>
  );
}
