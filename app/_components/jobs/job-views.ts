import type { JobFailureCode, ServerEventPayload } from '../../../server/protocol/index.ts';
import type { JobAccess, JobDetail, JobWithResult, JobState, JobSummary, WorkerChannelName } from '../../../server/features/jobs/jobs-protocol.ts';

/** A `job.progress` message as the browser receives it. */
export type JobProgressEvent = ServerEventPayload<'job.progress'>;
/** A `job.completed` message: the job's result, typed by its channel, or the size of one too large for a message. */
export type JobCompletedEvent = ServerEventPayload<'job.completed'>;
/** A `job.failed` message: why the job failed or was cancelled. */
export type JobFailedEvent = ServerEventPayload<'job.failed'>;

/**
 * What the page knows about one job, merged from every source: the job list
 * (`job.list`), a loaded job (`job.get`), the upload's answer, and the
 * reply-channel messages.
 */
export type JobView = {
  jobId: string;
  channel: WorkerChannelName;
  /** The file name (or "report of …"); null while only a reply message has mentioned the job. */
  label: string | null;
  state: JobState;
  /** 0..1, never going back. */
  fraction: number;
  /** The latest detailed progress report, if one reached this page. */
  progress: JobProgressEvent | null;
  /** The result, once completed and received (by message, `job.get` or, when too large for those, a download). */
  completed: JobWithResult | null;
  /** Why it failed or was cancelled. */
  error: string | null;
  /** Its failure code (server/protocol/job-failures.ts), once failed or cancelled. */
  errorCode: JobFailureCode | null;
  createdAt: string | null;
  finishedAt: string | null;
  /** Reports requested from this page for this (bigdata) job, oldest first. */
  reportIds: string[];
  /** Someone else's job, seen through its share link: not one of the page's own. */
  sharedWithMe: boolean;
};

/** Every job the page knows, by id. */
export type JobViews = { readonly byId: Readonly<Record<string, JobView>> };

/** Something the page learned about its jobs. */
export type JobAction =
  | { type: 'listed'; jobs: JobSummary[] }
  | { type: 'loaded'; job: JobDetail; access?: JobAccess }
  | { type: 'uploaded'; jobId: string; label: string }
  | { type: 'reportRequested'; jobId: string; sourceJobId: string }
  | { type: 'progress'; event: JobProgressEvent }
  | { type: 'completed'; event: JobCompletedEvent }
  | { type: 'failed'; event: JobFailedEvent };

/** No jobs known yet. */
export const NO_JOBS: JobViews = { byId: {} };

const RANK: Record<JobState, number> = { queued: 0, active: 1, completed: 2, failed: 2, cancelled: 2 };

/** Whether a job has reached its end (completed, failed or cancelled). */
export function isFinished(state: JobState): boolean {
  return RANK[state] === 2;
}

/**
 * Merges what was learned into the views. Sources arrive in any order (a
 * replayed message after a fresher `job.get`, a result before the upload's
 * answer), so a job only ever moves forward: queued → active → finished,
 * fraction never decreases, and a finished job keeps its outcome.
 */
export function reduceJobViews(views: JobViews, action: JobAction): JobViews {
  switch (action.type) {
    case 'listed':
      return action.jobs.reduce((next, job) => put(next, mergeSummary(next.byId[job.jobId], job)), views);
    case 'loaded': {
      const merged = { ...mergeSummary(views.byId[action.job.jobId], action.job), sharedWithMe: action.access === 'link' };
      const completed = completedOf(action.job);
      return put(views, completed && merged.state === 'completed' && !merged.completed ? { ...merged, completed } : merged);
    }
    case 'uploaded':
      return put(views, submitted(views.byId[action.jobId] ?? blank(action.jobId, 'bigdata.process'), action.label));
    case 'reportRequested': {
      const source = views.byId[action.sourceJobId];
      const report = submitted(views.byId[action.jobId] ?? blank(action.jobId, 'report.render'), `report of ${source?.label ?? 'a dataset'}`);
      const next = put(views, report);
      if (!source || source.reportIds.includes(action.jobId)) return next;
      return put(next, { ...source, reportIds: [...source.reportIds, action.jobId] });
    }
    case 'progress': {
      const { event } = action;
      const job = views.byId[event.jobId] ?? blank(event.jobId, event.channel);
      if (isFinished(job.state) || event.progress.fraction < job.fraction) return views;
      return put(views, { ...job, state: 'active', fraction: event.progress.fraction, progress: event });
    }
    case 'completed': {
      const { event } = action;
      const job = views.byId[event.jobId] ?? blank(event.jobId, event.channel);
      if (isFinished(job.state) && job.state !== 'completed') return views;
      // A result too large for a message is named by its size: the page downloads it when it shows the job (useJob).
      const completed = 'result' in event ? event : job.completed;
      return put(views, { ...job, state: 'completed', fraction: 1, completed, error: null });
    }
    case 'failed': {
      const { event } = action;
      const job = views.byId[event.jobId] ?? blank(event.jobId, event.channel);
      if (isFinished(job.state)) return views;
      return put(views, { ...job, state: event.code === 'cancelled' ? 'cancelled' : 'failed', error: event.reason, errorCode: event.code });
    }
  }
}

/** The page's own jobs (not those seen through a share link) newest first; jobs known only from a message (no creation time yet) come first. */
export function jobsNewestFirst(views: JobViews): JobView[] {
  return Object.values(views.byId)
    .filter((job) => !job.sharedWithMe)
    .sort((a, b) => (b.createdAt ?? '\uffff').localeCompare(a.createdAt ?? '\uffff'));
}

function blank(jobId: string, channel: WorkerChannelName): JobView {
  return {
    jobId,
    channel,
    label: null,
    state: 'queued',
    fraction: 0,
    progress: null,
    completed: null,
    error: null,
    errorCode: null,
    createdAt: null,
    finishedAt: null,
    reportIds: [],
    sharedWithMe: false,
  };
}

// A job this page has just submitted; a message about it may have arrived first.
function submitted(job: JobView, label: string): JobView {
  return { ...job, label: job.label ?? label, createdAt: job.createdAt ?? new Date().toISOString() };
}

// A loaded job's result in the shape of its `job.completed` message (one branch per
// channel, so TypeScript pairs each channel with its result type).
function completedOf(job: JobDetail): JobWithResult | null {
  if (job.result === null) return null;
  return job.channel === 'bigdata.process'
    ? { jobId: job.jobId, channel: job.channel, result: job.result }
    : { jobId: job.jobId, channel: job.channel, result: job.result };
}

function mergeSummary(existing: JobView | undefined, summary: JobSummary): JobView {
  const job = existing ?? blank(summary.jobId, summary.channel);
  const base = { ...job, label: summary.label, createdAt: summary.createdAt, finishedAt: summary.finishedAt ?? job.finishedAt };
  if (RANK[summary.state] < RANK[job.state]) return base;
  if (isFinished(job.state)) return base;
  return { ...base, state: summary.state, fraction: Math.max(job.fraction, summary.fraction), error: summary.error, errorCode: summary.errorCode };
}

function put(views: JobViews, job: JobView): JobViews {
  return { byId: { ...views.byId, [job.jobId]: job } };
}
