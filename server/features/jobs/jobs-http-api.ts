import { z } from 'zod';
import { errorAnswer, rateLimitedAnswer, sameOrigin } from '../../protocol/http-api.ts';
import type { HttpRouteSpec } from '../../protocol/http-api.ts';
import { bigdataResultSchema, MAX_CSV_BYTES } from './bigdata-protocol.ts';

/** The jobs feature's HTTP routes: CSV uploads and large job results (server/features/jobs/http/ implements them). */
export const jobsHttpApi: Record<string, HttpRouteSpec> = {
  bigdataUpload: {
    method: 'POST',
    path: '/api/jobs/bigdata',
    summary: 'Uploads a CSV for the `bigdata.process` worker channel; progress and the outcome arrive on the reply channel named by `x-reply-token` (namespace `/jobs`).',
    headers: { 'x-reply-token': 'the token of `reply.assigned`; the job belongs to the user of the session cookie, else to the browser of the `sy_visitor` cookie, else to this reply channel', origin: sameOrigin },
    query: { name: 'the file’s name, shown in the job list' },
    body: { contentType: 'text/csv', description: `the CSV file as the raw body, at most ${MAX_CSV_BYTES} bytes` },
    answers: {
      202: { description: 'accepted: the job is queued', body: z.object({ jobId: z.string() }) },
      400: errorAnswer('empty or binary file, or no valid reply token'),
      403: errorAnswer('another origin'),
      413: errorAnswer('the file is too large'),
      429: rateLimitedAnswer,
    },
  },
  jobResult: {
    method: 'GET',
    path: '/api/jobs/{jobId}/result',
    summary: 'The result of one of the client’s completed jobs (or of one shared with it), when `job.completed` carried `resultBytes` instead of the result.',
    headers: {
      'x-reply-token': 'the token of `reply.assigned`; a user’s jobs also by the session cookie, a browser’s by its `sy_visitor` cookie',
      'x-share-token': 'for a job its owner shared by link (`job.share`): the link’s token',
    },
    answers: {
      200: { description: 'the result (for `bigdata.process`)', body: bigdataResultSchema },
      400: errorAnswer('no valid reply token'),
      403: errorAnswer('a page of another origin'),
      404: errorAnswer('not one of the client’s completed jobs'),
      429: rateLimitedAnswer,
    },
  },
};
