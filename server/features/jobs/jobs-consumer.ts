import { NotFound } from '../../errors.ts';
import { addressKey } from '../../http/address-key.ts';
import { cancelJob } from './cancel-job.ts';
import { getJob } from './get-job.ts';
import { completedBigdataLabel } from './job-records.ts';
import type { JobLimits } from './job-admission.ts';
import type { JobOwner } from './job-services.ts';
import { listJobs } from './list-jobs.ts';
import { shareJob } from './share-job.ts';
import { submitJob } from './submit-job.ts';
import type { Scope } from '../../scope.ts';
import type { ConsumerContext } from '../../consumers/consumer.ts';
import { defineConsumer } from '../../consumers/consumer.ts';

const ownerOf = (scope: Scope): JobOwner => ({ userId: scope.user?.id ?? null, visitorId: scope.visitorId, replyChannel: scope.replyChannel, address: addressKey(scope.address) });

/**
 * The `/jobs` namespace: a client's view of its worker jobs (its user's, else
 * its browser's, else its tab's: JobOwner), and of jobs shared with it by link. Datasets are
 * uploaded over HTTP (`POST /api/jobs/bigdata`); progress and results arrive
 * on the client's reply channel, here, as `job.progress`, `job.completed` and
 * `job.failed`, replayed after a reconnect.
 */
export function jobsConsumer(jobLimits: JobLimits) {
  const servicesOf = (context: ConsumerContext) => ({ ...context.app, layer: context.layer, jobLimits });
  return defineConsumer('/jobs', {
    events: {
      'job.list': async ({ scope, app }) => ({ jobs: await listJobs(app.db, ownerOf(scope)) }),
      'job.get': async ({ scope, app }, { jobId, share }) => getJob(app.db, { owner: ownerOf(scope), share }, jobId, app.maxMessageBytes),
      'job.share': async ({ scope, app }, { jobId, shared }) => ({ shareToken: await shareJob(app.db, ownerOf(scope), jobId, shared) }),
      'job.cancel': async (context, { jobId }) => ({ cancelled: await cancelJob(servicesOf(context), ownerOf(context.scope), jobId) }),
      'report.request': async (context, { sourceJobId }) => {
        const owner = ownerOf(context.scope);
        const sourceLabel = await completedBigdataLabel(context.app.db, owner, sourceJobId);
        if (sourceLabel === null) throw new NotFound(`you have no completed bigdata job ${sourceJobId}`);
        const jobId = await submitJob(servicesOf(context), {
          channel: 'report.render',
          owner,
          label: `report of ${sourceLabel}`,
          input: { sourceJobId },
        });
        return { jobId };
      },
    },
  });
}
