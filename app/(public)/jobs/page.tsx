import type { Metadata } from 'next';
import { DatasetForm } from '../../_components/jobs/dataset-form.tsx';
import { JobList } from '../../_components/jobs/job-list.tsx';

export const metadata: Metadata = { title: 'Jobs' };

/** /jobs: profile a CSV (upload or paste), and the list of this browser's (or user's) jobs with their live state. */
export default function JobsPage() {
  return (
    <div className="jobs-page">
      <section className="intro">
        <h1>Jobs</h1>
        <p>
          Find out what is in a CSV file. The work runs in the background: leave this page and come back, and your
          results are here, in every tab of this browser (log in to keep them with your account).
        </p>
      </section>
      <DatasetForm />
      <JobList />
    </div>
  );
}
