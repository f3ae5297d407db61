'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { WirePoll } from '../../../../server/features/poll/poll-protocol.ts';
import { FormError } from '../../../_components/form-error';
import { RealtimeError, useRealtimeEmit, useWhenConnected } from '../../../_realtime/index.ts';
import styles from '../poll.module.css';
import { NewPollForm } from './new-poll-form.tsx';

/** The newest polls, read on every (re)connect; staff (`canCreate`) also get the form to ask a new one. */
export function PollList({ canCreate }: { canCreate: boolean }) {
  const emit = useRealtimeEmit('/poll');
  const [polls, setPolls] = useState<WirePoll[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useWhenConnected(
    '/poll',
    (isCurrent) =>
      emit('poll.list', {}).then(
        (reply) => isCurrent() && setPolls(reply.polls),
        (failure: unknown) => isCurrent() && setError(failure instanceof RealtimeError ? failure.message : 'Could not load the polls.'),
      ),
    [emit],
  );

  return (
    <>
      {canCreate && <NewPollForm />}
      <FormError message={error} />
      {polls === null ? (
        <p className="muted" role="status">Loading polls…</p>
      ) : polls.length === 0 ? (
        <p className="muted">No polls yet.</p>
      ) : (
        <ul className={styles.list}>
          {polls.map((poll) => (
            <li key={poll.id} className="card">
              <Link href={`/poll/${poll.id}`} className={styles.listQuestion}>{poll.question}</Link>
              <span className="muted">{poll.total === 1 ? '1 vote' : `${poll.total} votes`}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
