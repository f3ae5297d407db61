'use client';

import { useState } from 'react';
import { jobSharePath } from '../../../server/features/jobs/jobs-protocol.ts';
import { FormError } from '../form-error';
import { messageOf, useJobs } from './jobs-provider.tsx';

/**
 * The owner's control of a job's share link: who can see the job now, a
 * button that creates the link, and, while shared, the link with Copy and
 * Stop sharing (which makes the link open nothing from then on).
 */
export function SharePanel({ jobId, shareToken, onChange }: { jobId: string; shareToken: string | null; onChange(token: string | null): void }) {
  const { share } = useJobs();
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const link = shareToken && typeof window !== 'undefined' ? new URL(jobSharePath(jobId, shareToken), window.location.origin).href : null;

  async function change(shared: boolean) {
    setPending(true);
    setError(null);
    setCopied(false);
    try {
      onChange(await share(jobId, shared));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setPending(false);
    }
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setError('The link could not be copied here; select it and copy it by hand.');
    }
  }

  return (
    <section className="card share-panel" aria-labelledby="share-heading" data-testid="share-panel">
      <h2 id="share-heading">Share</h2>
      {link ? (
        <>
          <label htmlFor="share-link">Anyone with this link can see this job and its result:</label>
          <div className="share-panel__row">
            <input id="share-link" className="share-panel__link" type="text" readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
            <button type="button" className="button" onClick={copy}>
              {copied ? 'Copied' : 'Copy link'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => change(false)} disabled={pending}>
              Stop sharing
            </button>
          </div>
        </>
      ) : (
        <div className="share-panel__row">
          <p className="muted share-panel__note">Only you can see this job. Create a link to show it to someone else.</p>
          <button type="button" className="button button--quiet" onClick={() => change(true)} disabled={pending}>
            {pending ? 'Creating the link…' : 'Create a share link'}
          </button>
        </div>
      )}
      <FormError message={error} />
    </section>
  );
}
