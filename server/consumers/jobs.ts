import { NotFound } from '../errors.ts';
import { addressKey } from '../http/address-key.ts';
import { cancelJob } from '../jobs/cancel-job.ts';
import { getJob } from '../jobs/get-job.ts';
import { completedBigdataLabel } from '../jobs/job-records.ts';
import type { JobOwner } from '../jobs/job-services.ts';
import { listJobs } from '../jobs/list-jobs.ts';
import { shareJob } from '../jobs/share-job.ts';
import { submitJob } from '../jobs/submit-job.ts';
import type { Scope } from '../scope.ts';
import type { ConsumerContext } from './consumer.ts';
import { defineConsumer } from './consumer.ts';

const ownerOf = (scope: Scope): JobOwner => ({ userId: scope.user?.id ?? null, visitorId: scope.visitorId, replyChannel: scope.replyChannel, address: addressKey(scope.address) });
const servicesOf = (context: ConsumerContext) => ({ ...context.app, layer: context.layer });

/**
 * The `/jobs` namespace: a client's view of its worker jobs (its user's, else
 * its browser's, else its tab's: JobOwner), and of jobs shared with it by link. Datasets are
 * uploaded over HTTP (`POST /api/jobs/bigdata`); progress and results arrive
 * on the client's reply channel, here, as `job.progress`, `job.completed` and
 * `job.failed`, replayed after a reconnect.
 */
export const jobsConsumer = defineConsumer('/jobs', {
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
