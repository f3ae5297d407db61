import { useEffect, useEffectEvent, useState } from 'react';
import { RealtimeError, useConnectionStatus } from '../../_realtime/index.ts';
import { isFinished } from './job-views.ts';
import type { JobView } from './job-views.ts';
import { messageOf, useJobs } from './jobs-provider.tsx';

/** One job as a page shows it: its view (null until known), and whether loading it failed. */
export type UseJob = {
  job: JobView | null;
  /** `missing`: not one of this tab's (or user's) jobs; `error`: loading failed, see `error`. */
  problem: 'missing' | 'error' | null;
  /** Why loading the job, or the result of a known completed job, failed. */
  error: string | null;
};

/**
 * One job, kept current: loaded with `job.get` when the page opens and after
 * every reconnect (unless it is already known to be finished, result
 * included), then updated by its reply-channel messages.
 *
 * @example const { job, problem } = useJob(jobId);
 */
export function useJob(jobId: string): UseJob {
  const { views, load } = useJobs();
  const status = useConnectionStatus('/jobs');
  const [failure, setFailure] = useState<{ jobId: string; missing: boolean; message: string } | null>(null);
  const job = views.byId[jobId] ?? null;
  // A job listed as completed whose result never reached this page (e.g. it finished while the tab was closed).
  const resultMissing = job?.state === 'completed' && job.completed === null;

  const needsLoad = useEffectEvent(() => !job || !isFinished(job.state) || resultMissing);
  const loadJob = useEffectEvent(async () => {
    try {
      await load(jobId);
      setFailure(null);
    } catch (error) {
      setFailure({ jobId, missing: error instanceof RealtimeError && error.code === 'not_found', message: messageOf(error) });
    }
  });

  useEffect(() => {
    if (status === 'connected' && needsLoad()) void loadJob();
  }, [status, jobId, resultMissing]);

  const current = failure?.jobId === jobId ? failure : null;
  // A known job whose result could not be loaded: the page says why instead of "Loading…".
  if (job) return { job, problem: null, error: resultMissing ? (current?.message ?? null) : null };
  return { job: null, problem: current ? (current.missing ? 'missing' : 'error') : null, error: current?.message ?? null };
}
