import { z } from 'zod';
import { defineProtocol } from '../../protocol/namespace-spec.ts';
import { bigdataProgressSchema, bigdataResultSchema } from './bigdata-protocol.ts';
import { recordIdSchema } from '../../protocol/fields.ts';
import { JOB_FAILURE_CODES } from '../../protocol/job-failures.ts';

/**
 * Worker channels (Channels' named channels consumed by `runworker`): one
 * BullMQ queue each. Their inputs, progress reports and results are defined
 * here so the interface server, the workers and the React client share them.
 */
export const workerChannels = {
  'bigdata.process': {
    /** The dataset was uploaded over HTTP and stored; the job carries its id. */
    input: z.object({ datasetId: z.string().min(1).max(64) }).strict(),
    progress: bigdataProgressSchema,
    result: bigdataResultSchema,
  },
  'report.render': {
    /** Renders a finished bigdata job's result as a Markdown report. */
    input: z.object({ sourceJobId: recordIdSchema }).strict(),
    progress: z.object({ fraction: z.number().min(0).max(1) }),
    result: z.object({ markdown: z.string(), bytes: z.number().int().nonnegative() }),
  },
} as const;

export type WorkerChannels = typeof workerChannels;
export type WorkerChannelName = keyof WorkerChannels;
export const WORKER_CHANNEL_NAMES = Object.keys(workerChannels) as WorkerChannelName[];
export type WorkerInput<C extends WorkerChannelName> = z.output<WorkerChannels[C]['input']>;
export type WorkerProgress<C extends WorkerChannelName> = z.output<WorkerChannels[C]['progress']>;
export type WorkerResult<C extends WorkerChannelName> = z.output<WorkerChannels[C]['result']>;

/** Lifecycle of a job as recorded in PostgreSQL and shown to its owner. */
export const JOB_STATES = ['queued', 'active', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];


const jobRef = { jobId: z.string(), channel: z.enum(WORKER_CHANNEL_NAMES as [WorkerChannelName, ...WorkerChannelName[]]) };

/** A job as listed for its owner. */
export const jobSummarySchema = z.object({
  ...jobRef,
  state: z.enum(JOB_STATES),
  label: z.string(),
  fraction: z.number().min(0).max(1),
  error: z.string().nullable(),
  /** Why it failed (a code of job-failures.ts); null unless failed or cancelled. */
  errorCode: z.enum(JOB_FAILURE_CODES).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

/**
 * Where the owner of a completed job downloads its result (`GET`, with the
 * `x-reply-token` header): the way to a result too large for one message
 * (MAX_MESSAGE_BYTES), which `job.completed` and `job.get` name by its size.
 */
export function jobResultPath(jobId: string): string {
  return `/api/jobs/${encodeURIComponent(jobId)}/result`;
}

/** The size in bytes of a result too large to travel in a message: fetch it from `jobResultPath`. */
const resultBytes = z.number().int().positive();

/**
 * A job with its result, as `job.get` answers it. `result` is null until the
 * job has completed, and when the result is too large for a message: then
 * `resultBytes` gives its size, else it is null.
 */
export const jobDetailSchema = z.discriminatedUnion('channel', [
  jobSummarySchema.extend({ channel: z.literal('bigdata.process'), result: workerChannels['bigdata.process'].result.nullable(), resultBytes: resultBytes.nullable() }),
  jobSummarySchema.extend({ channel: z.literal('report.render'), result: workerChannels['report.render'].result.nullable(), resultBytes: resultBytes.nullable() }),
]);
export type JobDetail = z.infer<typeof jobDetailSchema>;

/** `job.completed` with the result in it. */
const jobCompletedWithResult = z.discriminatedUnion('channel', [
  z.object({ jobId: z.string(), channel: z.literal('bigdata.process'), result: workerChannels['bigdata.process'].result }),
  z.object({ jobId: z.string(), channel: z.literal('report.render'), result: workerChannels['report.render'].result }),
]);
/** A completed job with its result, typed by its channel: `job.completed` when the result fits in a message. */
export type JobWithResult = z.infer<typeof jobCompletedWithResult>;

/** Server → client events of the `/jobs` namespace (sent to the requester's reply channel). */
export const jobServerEvents = {
  'job.progress': z.discriminatedUnion('channel', [
    z.object({ jobId: z.string(), channel: z.literal('bigdata.process'), progress: workerChannels['bigdata.process'].progress }),
    z.object({ jobId: z.string(), channel: z.literal('report.render'), progress: workerChannels['report.render'].progress }),
  ]),
  /** Once per job: the result when it fits in a message, else its size (`resultBytes`; download it from `jobResultPath`). */
  'job.completed': z.union([jobCompletedWithResult, z.object({ ...jobRef, resultBytes })]),
  'job.failed': z.object({ ...jobRef, code: z.enum(JOB_FAILURE_CODES), reason: z.string().max(2000) }),
} as const;

/** A job's share token: 24 URL-safe characters (144 random bits), the `share` parameter of its share link. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{24}$/, 'a share token is the 24 characters after share= in the link');

/**
 * Who sees a job in `job.get`: `owner` (its user, visitor or tab), or `link`
 * (anyone holding its share token: the job and its result, nothing to change).
 */
export const JOB_ACCESS = ['owner', 'link'] as const;
export type JobAccess = (typeof JOB_ACCESS)[number];

/** Where a job's share link points: its page with the token (`jobSharePath(jobId, token)`). */
export function jobSharePath(jobId: string, shareToken: string): string {
  return `/jobs/${encodeURIComponent(jobId)}?share=${encodeURIComponent(shareToken)}`;
}

/** Client → server events of the `/jobs` namespace. */
export const jobClientEvents = {
  'job.list': {
    payload: z.object({}).strict(),
    reply: z.object({ jobs: z.array(jobSummarySchema) }),
  },
  /** One job: the client's own, or, with `share`, one whose owner shares it. `shareToken` is the owner's live share token (null when not shared, and for `link` viewers). */
  'job.get': {
    payload: z.object({ jobId: recordIdSchema, share: shareTokenSchema.optional() }).strict(),
    reply: z.object({ job: jobDetailSchema, access: z.enum(JOB_ACCESS), shareToken: shareTokenSchema.nullable() }),
  },
  /** The owner shares a job by a link (`shared: true`: its token, the same on every call until revoked) or stops sharing it (`false`: null; the old link stops working). */
  'job.share': {
    payload: z.object({ jobId: recordIdSchema, shared: z.boolean() }).strict(),
    reply: z.object({ shareToken: shareTokenSchema.nullable() }),
  },
  'job.cancel': {
    payload: z.object({ jobId: recordIdSchema }).strict(),
    reply: z.object({ cancelled: z.boolean() }),
  },
  'report.request': {
    payload: z.object({ sourceJobId: recordIdSchema }).strict(),
    reply: z.object({ jobId: z.string() }),
  },
} as const;

/** The /jobs namespace: its event maps, registered with the feature. */
export const jobsProtocol = defineProtocol('/jobs', { client: jobClientEvents, server: jobServerEvents });
