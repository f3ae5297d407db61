import type { ReactNode } from 'react';
import { JobsProvider } from '../../_components/jobs/jobs-provider.tsx';
import './jobs.css';
import './job-profile.css';

/**
 * Every /jobs page shares one JobsProvider: moving from the list to a job and
 * back keeps what the reply channel delivered meanwhile.
 */
export default function JobsLayout({ children }: { children: ReactNode }) {
  return <JobsProvider>{children}</JobsProvider>;
}
