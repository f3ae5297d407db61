import { describe, expect, it } from 'vitest';
import type { BigdataProgress, BigdataResult } from '../../../server/features/jobs/bigdata-protocol.ts';
import type { JobSummary } from '../../../server/features/jobs/jobs-protocol.ts';
import { jobsNewestFirst, NO_JOBS, reduceJobViews } from './job-views.ts';
import type { JobAction, JobViews } from './job-views.ts';

const RESULT: BigdataResult = { rowCount: 1, byteCount: 4, columns: [] };

const progress = (jobId: string, fraction: number) =>
  ({
    type: 'progress',
    event: {
      jobId,
      channel: 'bigdata.process',
      progress: { phase: 'parsing', fraction, rowsProcessed: 10, totalRows: null, bytesProcessed: 40, totalBytes: 100 } satisfies BigdataProgress,
    },
  }) as const;
const completed = (jobId: string) => ({ type: 'completed', event: { jobId, channel: 'bigdata.process', result: RESULT } }) as const;
const summary = (jobId: string, state: JobSummary['state'], extra: Partial<JobSummary> = {}): JobSummary => ({
  jobId,
  channel: 'bigdata.process',
  state,
  label: `${jobId}.csv`,
  fraction: state === 'completed' ? 1 : 0,
  error: null,
  errorCode: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  ...extra,
});
const apply = (...actions: JobAction[]): JobViews => actions.reduce(reduceJobViews, NO_JOBS);

/**
 * The page's jobs are merged from the list, `job.get`, the upload's answer and
 * reply-channel messages, which arrive in any order: a job only moves forward.
 */
describe('reduceJobViews', () => {
  it('follows a job from upload through progress to its result', () => {
    const views = apply({ type: 'uploaded', jobId: 'a', label: 'a.csv' }, progress('a', 0.2), progress('a', 0.5), completed('a'));
    expect(views.byId.a).toMatchObject({ label: 'a.csv', state: 'completed', fraction: 1, completed: { result: RESULT } });
  });

  it('keeps messages that arrive before the upload’s answer, and never moves a job back', () => {
    const views = apply(progress('a', 0.6), { type: 'uploaded', jobId: 'a', label: 'a.csv' }, progress('a', 0.3), {
      type: 'listed',
      jobs: [summary('a', 'queued')],
    });
    expect(views.byId.a).toMatchObject({ label: 'a.csv', state: 'active', fraction: 0.6 });
    expect(views.byId.a?.progress?.progress.fraction).toBe(0.6);
  });

  it('keeps a finished job’s outcome against stale progress and stale list entries', () => {
    const failed = { type: 'failed', event: { jobId: 'a', channel: 'bigdata.process', code: 'bad_input', reason: 'row 3 has 3 fields' } } as const;
    const views = apply(failed, progress('a', 0.9), { type: 'listed', jobs: [summary('a', 'active', { fraction: 0.5 })] }, completed('a'));
    expect(views.byId.a).toMatchObject({ state: 'failed', error: 'row 3 has 3 fields', errorCode: 'bad_input', label: 'a.csv' });
  });

  it('records a cancellation as cancelled, not failed', () => {
    const views = apply({ type: 'failed', event: { jobId: 'a', channel: 'bigdata.process', code: 'cancelled', reason: 'cancelled by the client' } });
    expect(views.byId.a?.state).toBe('cancelled');
  });

  it('takes the result from job.get when the job finished while the page was away', () => {
    const views = apply({ type: 'listed', jobs: [summary('a', 'completed')] }, { type: 'loaded', job: { ...summary('a', 'completed'), channel: 'bigdata.process', result: RESULT, resultBytes: null } });
    expect(views.byId.a).toMatchObject({ state: 'completed', completed: { jobId: 'a', channel: 'bigdata.process', result: RESULT } });
  });

  it('marks a job completed by a job.completed that names its result’s size, and takes the result when it is downloaded', () => {
    const byReference = { type: 'completed', event: { jobId: 'a', channel: 'bigdata.process', resultBytes: 300_000 } } as const;
    const views = apply({ type: 'uploaded', jobId: 'a', label: 'a.csv' }, progress('a', 0.9), byReference);
    expect(views.byId.a).toMatchObject({ state: 'completed', fraction: 1, completed: null });
    const downloaded = reduceJobViews(views, completed('a'));
    expect(downloaded.byId.a?.completed).toEqual({ jobId: 'a', channel: 'bigdata.process', result: RESULT });
    expect(reduceJobViews(downloaded, byReference).byId.a?.completed).toEqual({ jobId: 'a', channel: 'bigdata.process', result: RESULT });
  });

  it('links a requested report to its source, even when the report finished before the request was answered', () => {
    const done = { type: 'completed', event: { jobId: 'r', channel: 'report.render', result: { markdown: '# a', bytes: 3 } } } as const;
    const views = apply({ type: 'uploaded', jobId: 'a', label: 'a.csv' }, done, { type: 'reportRequested', jobId: 'r', sourceJobId: 'a' });
    expect(views.byId.a?.reportIds).toEqual(['r']);
    expect(views.byId.r).toMatchObject({ label: 'report of a.csv', state: 'completed', channel: 'report.render' });
  });

  it('lists jobs newest first, jobs known only from a message first of all', () => {
    const views = apply(
      { type: 'listed', jobs: [summary('old', 'completed', { createdAt: '2026-01-01T00:00:00.000Z' }), summary('new', 'active', { createdAt: '2026-01-02T00:00:00.000Z' })] },
      progress('unknown', 0.1),
    );
    expect(jobsNewestFirst(views).map((job) => job.jobId)).toEqual(['unknown', 'new', 'old']);
  });

  it('leaves a job seen through a share link out of the page’s own jobs', () => {
    const loaded = (jobId: string, access: 'owner' | 'link') =>
      ({ type: 'loaded', access, job: { ...summary(jobId, 'completed'), channel: 'bigdata.process', result: RESULT, resultBytes: null } }) as const;
    const views = apply({ type: 'listed', jobs: [summary('mine', 'completed')] }, loaded('theirs', 'link'), loaded('mine', 'owner'));
    expect(views.byId.theirs?.completed?.result).toEqual(RESULT);
    expect(jobsNewestFirst(views).map((job) => job.jobId)).toEqual(['mine']);
  });
});
