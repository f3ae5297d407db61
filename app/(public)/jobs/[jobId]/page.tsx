import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { recordIdSchema } from '../../../../server/protocol/fields.ts';
import { JobDetail } from '../../../_components/jobs/job-detail.tsx';

export const metadata: Metadata = { title: 'Job' };

/**
 * /jobs/<id>: one job, live. Jobs belong to the logged-in user or else to the
 * browser tab's reply channel, which only the tab knows, so the page loads the
 * job over the socket (`job.get`) rather than here.
 */
export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  // The protocol's `jobId`: anything else cannot be a job.
  const parsed = recordIdSchema.safeParse((await params).jobId);
  if (!parsed.success) notFound();
  return <JobDetail key={parsed.data} jobId={parsed.data} />;
}
