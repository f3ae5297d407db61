'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { WirePoll } from '../../../../server/features/poll/poll-protocol.ts';
import { FormError } from '../../../_components/form-error';
import { RealtimeError, useGroupEvent, useRealtimeEmit, useWhenConnected } from '../../../_realtime/index.ts';
import styles from '../poll.module.css';
import { applyTallies, percentOf } from './poll-tallies.ts';

const messageOf = (failure: unknown, fallback: string) => (failure instanceof RealtimeError ? failure.message : fallback);

/**
 * One poll, live: follows it on every (re)connect (joining its group and
 * reading its tallies and this browser's vote), shows each option as a
 * button with its result bar, and applies `poll.tallied` as votes commit.
 */
export function PollView({ pollId }: { pollId: string }) {
  const emit = useRealtimeEmit('/poll');
  const [poll, setPoll] = useState<WirePoll | null>(null);
  const [yourVote, setYourVote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [voting, setVoting] = useState(false);

  const status = useWhenConnected(
    '/poll',
    (isCurrent) =>
      emit('poll.follow', { pollId }).then(
        (reply) => {
          if (!isCurrent()) return;
          setPoll((known) => (known && known.total > reply.poll.total ? known : reply.poll));
          setYourVote(reply.yourVote);
          setError(null);
        },
        (failure: unknown) => isCurrent() && setError(messageOf(failure, 'Could not load the poll.')),
      ),
    [emit, pollId],
  );

  useGroupEvent('/poll', 'poll.tallied', (tallied) => setPoll((known) => known && applyTallies(known, tallied)));

  async function vote(optionId: string) {
    setVoting(true);
    setError(null);
    try {
      await emit('poll.vote', { pollId, optionId });
      setYourVote(optionId);
    } catch (failure) {
      setError(messageOf(failure, 'Your vote was not counted; try again.'));
    } finally {
      setVoting(false);
    }
  }

  if (!poll) {
    return (
      <>
        <Link href="/poll" className={styles.back}>← All polls</Link>
        {error ? <FormError message={error} /> : <p className="muted" role="status">{status === 'connected' ? 'Loading the poll…' : 'Connecting…'}</p>}
      </>
    );
  }
  const voted = yourVote !== null;
  return (
    <article className={styles.poll} data-testid="poll" data-state={status}>
      <Link href="/poll" className={styles.back}>← All polls</Link>
      <h1 className={styles.question}>{poll.question}</h1>
      <p className="muted" data-testid="poll-total" aria-live="polite">
        {poll.total === 1 ? '1 vote' : `${poll.total} votes`}
        {voted ? ' · you have voted' : ' · choose one option'}
      </p>
      <ul className={styles.options}>
        {poll.options.map((option) => {
          const percent = percentOf(option.votes, poll.total);
          const mine = option.id === yourVote;
          return (
            <li key={option.id} className={styles.option} data-testid="poll-option" data-mine={mine || undefined}>
              <button type="button" className={styles.choice} disabled={voted || voting} aria-pressed={mine} onClick={() => void vote(option.id)}>
                <span className={styles.label}>{option.label}{mine && ' ✓'}</span>
                <span className={styles.count} data-testid="poll-count">
                  {option.votes} · {percent}%
                </span>
                <span className={styles.bar} style={{ width: `${percent}%` }} aria-hidden="true" />
              </button>
            </li>
          );
        })}
      </ul>
      <FormError message={error} />
    </article>
  );
}
