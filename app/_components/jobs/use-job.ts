import { useEffect, useEffectEvent, useState } from 'react';
import { RealtimeError, useConnectionStatus } from '../../_realtime/index.ts';
import { isFinished } from './job-views.ts';
import type { JobView } from './job-views.ts';
import { messageOf, useJobs } from './jobs-provider.tsx';
import type { JobGrant } from './jobs-provider.tsx';

/** How long a page showing an unfinished job waits for a message about it before it loads the job again. */
const QUIET_RELOAD_MS = 3000;

/** One job as a page shows it: its view (null until known), and whether loading it failed. */
export type UseJob = {
  job: JobView | null;
  /** How this page may see the job, once loaded: as its owner (with its share token) or through a share link. */
  grant: JobGrant | null;
  /** Records a new share token (or null) after the owner shared the job or stopped sharing it. */
  setShareToken(shareToken: string | null): void;
  /** `missing`: neither one of this browser's (or user's) jobs nor shared with this link; `error`: loading failed, see `error`. */
  problem: 'missing' | 'error' | null;
  /** Why loading the job, or the result of a known completed job, failed. */
  error: string | null;
};

/**
 * One job, kept current: loaded with `job.get` (with `share`, the token of
 * its share link, for someone else's job) when the page opens and after
 * every reconnect (unless it is already known to be finished, result
 * included), then updated by its reply-channel messages. The messages of a
 * job go to the tab that started it: while an unfinished job sends this page
 * nothing (another tab's, or one shared by link), it is loaded again every
 * QUIET_RELOAD_MS.
 *
 * @example const { job, problem } = useJob(jobId);
 */
export function useJob(jobId: string, share?: string): UseJob {
  const { views, load } = useJobs();
  const status = useConnectionStatus('/jobs');
  const [failure, setFailure] = useState<{ jobId: string; missing: boolean; message: string } | null>(null);
  const [grant, setGrant] = useState<(JobGrant & { jobId: string }) | null>(null);
  const job = views.byId[jobId] ?? null;
  // A job listed as completed whose result never reached this page (e.g. it finished while the tab was closed).
  const resultMissing = job?.state === 'completed' && job.completed === null;

  const needsLoad = useEffectEvent(() => !job || !isFinished(job.state) || resultMissing || grant?.jobId !== jobId);
  const loadJob = useEffectEvent(async () => {
    try {
      setGrant({ jobId, ...(await load(jobId, share)) });
      setFailure(null);
    } catch (error) {
      // A share link whose token was cut or mangled opens nothing, like one that was revoked.
      const missing = error instanceof RealtimeError && (error.code === 'not_found' || (share !== undefined && error.code === 'invalid_input'));
      setFailure({ jobId, missing, message: messageOf(error) });
    }
  });

  useEffect(() => {
    if (status === 'connected' && needsLoad()) void loadJob();
  }, [status, jobId, resultMissing]);

  // Restarted by every message (state, fraction) and every load (grant): only a quiet page asks again.
  const unfinished = job !== null && !isFinished(job.state);
  useEffect(() => {
    if (status !== 'connected' || !unfinished) return;
    const timer = setTimeout(() => void loadJob(), QUIET_RELOAD_MS);
    return () => clearTimeout(timer);
  }, [status, unfinished, job?.state, job?.fraction, grant]);

  const current = failure?.jobId === jobId ? failure : null;
  const known = grant?.jobId === jobId ? { access: grant.access, shareToken: grant.shareToken } : null;
  const setShareToken = (shareToken: string | null) => setGrant((given) => given && { ...given, shareToken });
  // A known job whose result could not be loaded: the page says why instead of "Loading…".
  if (job) return { job, grant: known, setShareToken, problem: null, error: resultMissing ? (current?.message ?? null) : null };
  return { job: null, grant: null, setShareToken, problem: current ? (current.missing ? 'missing' : 'error') : null, error: current?.message ?? null };
}
