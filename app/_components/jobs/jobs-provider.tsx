'use client';

import { createContext, useCallback, useContext, useMemo, useReducer, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { RealtimeError, useRealtimeClient, useRealtimeEmit, useReplyChannel, useWhenConnected } from '../../_realtime/index.ts';
import { DatasetError, uploadDataset } from './dataset-upload.ts';
import type { Dataset } from './dataset-upload.ts';
import { NO_JOBS, reduceJobViews } from './job-views.ts';
import type { JobViews } from './job-views.ts';
import { downloadResult } from './result-download.ts';
import type { JobAccess } from '../../../server/features/jobs/jobs-protocol.ts';

/** How a page may see a loaded job (`job.get`): as its owner, with its share token if shared, or through a share link. */
export type JobGrant = { access: JobAccess; shareToken: string | null };

/** The jobs of this browser (or of the logged-in user) and what can be done with them. */
export type JobsContextValue = {
  views: JobViews;
  /** Whether the job list has been loaded from the server at least once. */
  listed: boolean;
  /** Why loading the job list failed, if it did. */
  listError: string | null;
  /** Reloads the job list (`job.list`). */
  refresh(): Promise<void>;
  /**
   * Loads one job with its result (`job.get`, then a download when the result
   * is too large for a message), the client's own or, with `share`, one shared
   * by link; rejects with a RealtimeError (`not_found` for someone else's job).
   */
  load(jobId: string, share?: string): Promise<JobGrant>;
  /** Shares one of the client's jobs by link (`job.share`), or stops sharing it; resolves with its share token, or null. */
  share(jobId: string, shared: boolean): Promise<string | null>;
  /** Uploads a checked dataset; resolves with the new job's id. Rejects with a DatasetError. */
  upload(dataset: Dataset): Promise<string>;
  /** Cancels a queued or running job (`job.cancel`); resolves false when it had already finished. */
  cancel(jobId: string): Promise<boolean>;
  /** Asks for a Markdown report of a completed bigdata job (`report.request`); resolves with the report job's id. */
  requestReport(sourceJobId: string): Promise<string>;
};

const JobsContext = createContext<JobsContextValue | null>(null);

/**
 * Keeps the page's view of its jobs, on the `/jobs` namespace: the list from
 * the server (the browser's or the user's jobs, loaded again after every
 * reconnect) merged with the progress, results and failures of the jobs
 * started in this tab, which arrive on its reply channel — including
 * those sent while the tab was reloading or offline, which the reply channel
 * replays. Put it around every page that shows jobs, so moving between them
 * loses no message.
 */
export function JobsProvider({ children }: { children: ReactNode }) {
  const client = useRealtimeClient();
  const emit = useRealtimeEmit('/jobs');
  const [views, dispatch] = useReducer(reduceJobViews, NO_JOBS);
  const [listed, setListed] = useState(false);
  const [listError, setListError] = useState<string | null>(null);

  useReplyChannel('/jobs', 'job.progress', (event) => dispatch({ type: 'progress', event }));
  useReplyChannel('/jobs', 'job.completed', (event) => dispatch({ type: 'completed', event }));
  useReplyChannel('/jobs', 'job.failed', (event) => dispatch({ type: 'failed', event }));

  const refresh = useCallback(async () => {
    try {
      const { jobs } = await emit('job.list', {});
      dispatch({ type: 'listed', jobs });
      setListed(true);
      setListError(null);
    } catch (error) {
      setListError(messageOf(error));
    }
  }, [emit]);

  // On every (re)connect: what happened while away is in the database too.
  useWhenConnected('/jobs', () => refresh(), [refresh]);

  // One load per job at a time: a page asks again when the job list lands mid-load, and a download counts against its limit.
  const loading = useRef(new Map<string, Promise<JobGrant>>());
  const load = useCallback(
    (jobId: string, share?: string) => {
      const running = loading.current.get(jobId);
      if (running) return running;
      const loaded = (async () => {
        const { job, access, shareToken } = await emit('job.get', share ? { jobId, share } : { jobId });
        dispatch({ type: 'loaded', job, access });
        if (job.result === null && job.resultBytes !== null) {
          if (!client) throw new RealtimeError('unavailable', 'Loading the result needs the page to be running in a browser.');
          dispatch({ type: 'completed', event: await downloadResult(job, await client.replyToken(), share) });
        }
        return { access, shareToken };
      })().finally(() => loading.current.delete(jobId));
      loading.current.set(jobId, loaded);
      return loaded;
    },
    [emit, client],
  );

  const upload = useCallback(
    async (dataset: Dataset) => {
      if (!client) throw new DatasetError('unavailable', 'Uploading needs the page to be running in a browser.');
      let token: string;
      try {
        token = await client.replyToken();
      } catch (error) {
        throw new DatasetError('unavailable', messageOf(error));
      }
      const jobId = await uploadDataset(dataset, token);
      dispatch({ type: 'uploaded', jobId, label: dataset.name });
      return jobId;
    },
    [client],
  );

  const cancel = useCallback(async (jobId: string) => (await emit('job.cancel', { jobId })).cancelled, [emit]);
  const share = useCallback(async (jobId: string, shared: boolean) => (await emit('job.share', { jobId, shared })).shareToken, [emit]);

  const requestReport = useCallback(
    async (sourceJobId: string) => {
      const { jobId } = await emit('report.request', { sourceJobId });
      dispatch({ type: 'reportRequested', jobId, sourceJobId });
      return jobId;
    },
    [emit],
  );

  const value = useMemo(
    () => ({ views, listed, listError, refresh, load, share, upload, cancel, requestReport }),
    [views, listed, listError, refresh, load, share, upload, cancel, requestReport],
  );
  return <JobsContext value={value}>{children}</JobsContext>;
}

/** The jobs of this page; throws when no `<JobsProvider>` is above (app/(public)/jobs/layout.tsx puts one). */
export function useJobs(): JobsContextValue {
  const value = useContext(JobsContext);
  if (!value) throw new Error('useJobs needs a <JobsProvider> above it; the /jobs layout puts one around its pages');
  return value;
}

/** The message to show for a failed request: the server's own, or a generic one. */
export function messageOf(error: unknown): string {
  if (error instanceof RealtimeError || error instanceof DatasetError) return error.message;
  return error instanceof Error ? `Something went wrong: ${error.message}` : 'Something went wrong; try again.';
}
