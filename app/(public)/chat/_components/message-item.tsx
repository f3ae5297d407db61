'use client';

import { useEffect, useState } from 'react';
import type { ChatMessage } from '../../../../server/features/chat/chat-protocol.ts';
import { LinkedText } from '../../../_components/linked-text.tsx';
import { sentence } from '../../../_components/sentence.ts';
import styles from '../chat.module.css';
import type { OutgoingMessage } from './use-chat-room.ts';
import { WhoBadge } from './who-badge.tsx';

const time = (at: string) => new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** A stored message: author (signed in or guest), text with its links, time; "Sent" on the ones this tab sent. */
export function SentMessage({ message, mine }: { message: ChatMessage; mine: boolean }) {
  return (
    <li className={styles.message} data-testid="message" data-id={message.id} data-state="sent">
      <div className={styles.line}>
        <span className={styles.author} data-testid="message-author" data-verified={message.verified}>
          {message.author}
          <WhoBadge verified={message.verified} />
        </span>
        <time className={styles.meta} dateTime={message.at}>
          {time(message.at)}
        </time>
        {mine && (
          <span className={styles.meta} data-testid="message-state">
            Sent
          </span>
        )}
      </div>
      <div className={styles.body} data-testid="message-body">
        <LinkedText text={message.body} />
      </div>
    </li>
  );
}

/** Seconds left until `at` (0 once it has passed), ticking while there are some. */
function useSecondsUntil(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  const left = at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
  useEffect(() => {
    if (left === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [left]);
  return left;
}

/**
 * A message this tab sent that is not stored yet: "Sending…", or "Not sent"
 * with why, and Retry when sending again can work — after a rate limit, once
 * the wait it names is over — and Dismiss.
 */
export function OutgoingItem({ message, author, onRetry, onDismiss }: { message: OutgoingMessage; author: string; onRetry(): void; onDismiss(): void }) {
  const wait = useSecondsUntil(message.retryAt);
  const pending = message.state === 'pending';
  return (
    <li className={`${styles.message} ${pending ? styles.pending : styles.failed}`} data-testid="message" data-state={message.state}>
      <div className={styles.line}>
        <span className={styles.author}>{author}</span>
        <span className={styles.meta} data-testid="message-state">
          {pending ? 'Sending…' : 'Not sent'}
        </span>
      </div>
      <div className={styles.body} data-testid="message-body">
        <LinkedText text={message.body} />
      </div>
      {message.error && (
        <div className={styles.failure}>
          <span role="alert" className="form__error" data-testid="message-error">
            {sentence(message.error)}
            {wait > 0 && ` You can retry in ${wait} s.`}
          </span>
          {message.retry && (
            <button type="button" className="link-button" onClick={onRetry} disabled={wait > 0}>
              Retry
            </button>
          )}
          <button type="button" className="link-button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </li>
  );
}
