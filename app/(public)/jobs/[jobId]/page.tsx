import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { recordIdSchema } from '../../../../server/protocol/fields.ts';
import { JobDetail } from '../../../_components/jobs/job-detail.tsx';

export const metadata: Metadata = { title: 'Job' };

/**
 * /jobs/<id>: one job, live; /jobs/<id>?share=<token>: a job shared by link.
 * The page loads the job over the socket (`job.get`), whose handshake says
 * whose browser or account this is, rather than here.
 */
export default async function JobPage({ params, searchParams }: { params: Promise<{ jobId: string }>; searchParams: Promise<{ share?: string | string[] }> }) {
  // The protocol's `jobId`: anything else cannot be a job.
  const parsed = recordIdSchema.safeParse((await params).jobId);
  if (!parsed.success) notFound();
  // Checked by `job.get`, whose refusal of a malformed token says what a token looks like.
  const given = (await searchParams).share;
  const share = Array.isArray(given) ? given[0] : given;
  return <JobDetail key={parsed.data} jobId={parsed.data} share={share} />;
}
