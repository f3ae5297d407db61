'use client';

import { useState, useSyncExternalStore } from 'react';
import type { ChatMessage } from '../../../../server/protocol/index.ts';
import styles from '../chat.module.css';
import { DisplayNameForm } from './display-name-form.tsx';
import { MessageForm } from './message-form.tsx';
import { useChatRoom } from './use-chat-room.ts';
import { FormError } from '../../../_components/form-error';

const NAME_KEY = 'sy-chat-name';
const noSubscribe = () => () => {};
/** Marks a signed-in person (their name is their username) apart from a guest's chosen display name. */
function Who({ verified }: { verified: boolean }) {
  return verified ? (
    <span className={styles.verified} title="Signed in: this is their username" data-testid="signed-in">
      {' '}
      ✓ signed in
    </span>
  ) : (
    <span className={`muted ${styles.guest}`} title="Guest: a display name anyone could choose" data-testid="guest">
      {' '}
      (guest)
    </span>
  );
}

const time = (at: string) => new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * The live room: a guest first chooses a display name (remembered in this
 * browser); then the page joins and shows messages (text only — markup is
 * shown as typed), this tab's pending and failed messages (with Retry when
 * the server, not the message, failed), who is here — signed-in people
 * marked apart from guests; in a room bigger than a member list, the live
 * count with some names and a refresh — and who is typing, and a "load
 * older" button while there is older history.
 */
export function ChatRoom({ room, username, initial }: { room: string; username: string | null; initial: { messages: ChatMessage[]; hasOlder: boolean } }) {
  const saved = useSyncExternalStore(noSubscribe, () => localStorage.getItem(NAME_KEY), () => null);
  const [chosen, setChosen] = useState<string | null>(null);
  const guestName = chosen ?? saved;
  const chat = useChatRoom(room, initial, username ? undefined : guestName);
  const nameRefused = chat.joinError?.code === 'conflict' || chat.joinError?.code === 'invalid_input';
  const choose = (name: string) => {
    localStorage.setItem(NAME_KEY, name);
    setChosen(name);
  };
  const needsName = !username && (guestName === null || nameRefused);

  return (
    <div className={styles.layout}>
      <section className="card" aria-label="Messages">
        {chat.hasOlder && (
          <button type="button" className="button button--quiet" onClick={() => void chat.loadOlder()}>
            Load older
          </button>
        )}
        <ol className={styles.messages} data-testid="messages">
          {chat.messages.map((m) => (
            <li key={m.id} className={styles.message} data-testid="message" data-id={m.id} data-state="sent">
              <span className={styles.author} data-testid="message-author" data-verified={m.verified}>
                {m.author}
                <Who verified={m.verified} />
              </span>
              <span data-testid="message-body">{m.body}</span>
              <span className={styles.meta}>{time(m.at)}</span>
            </li>
          ))}
          {chat.outgoing.map((o) => (
            <li key={o.clientId} className={`${styles.message} ${o.state === 'pending' ? styles.pending : styles.failed}`} data-testid="message" data-state={o.state}>
              <span className={styles.author}>{chat.self?.name ?? 'you'}</span>
              <span data-testid="message-body">{o.body}</span>
              <span className={styles.meta}>{o.state === 'pending' ? 'sending…' : 'not sent'}</span>
              {o.error && (
                <span role="alert" className="form__error" data-testid="message-error">
                  {' '}
                  {o.error}{' '}
                  {o.retry && (
                    <button type="button" className="button button--quiet" onClick={() => void chat.retry(o.clientId)}>
                      Retry
                    </button>
                  )}
                  <button type="button" className="button button--quiet" onClick={() => chat.dismiss(o.clientId)}>
                    Dismiss
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
        <p className={styles.typing} data-testid="typing" aria-live="polite">
          {chat.typingNames.length > 0 && `${chat.typingNames.join(', ')} ${chat.typingNames.length === 1 ? 'is' : 'are'} typing…`}
        </p>
        {needsName ? (
          <DisplayNameForm initial={guestName ?? ''} error={nameRefused ? (chat.joinError?.message ?? null) : null} onChosen={choose} />
        ) : (
          <>
            {!nameRefused && <FormError message={chat.joinError?.message} />}
            <MessageForm disabled={chat.self === null} onSend={(body) => void chat.send(body)} onTyping={chat.typed} />
          </>
        )}
      </section>
      <aside className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">
          Here now (<span data-testid="member-count">{chat.people.count}</span>)
        </h2>
        <ul className={styles.members} data-testid="members">
          {chat.people.members.map((m) => (
            <li key={m.id} data-testid="member" data-verified={m.verified}>
              {m.name}
              <Who verified={m.verified} />
              {m.id === chat.self?.id && <span className="muted"> (you)</span>}
            </li>
          ))}
        </ul>
        {!chat.people.all && (
          <p className="muted" data-testid="members-more">
            {chat.people.count > chat.people.members.length && `and ${chat.people.count - chat.people.members.length} more. `}
            In a room this big only the count is live; the names are as of when you joined or refreshed.{' '}
            <button type="button" className="button button--quiet" data-testid="members-refresh" onClick={chat.refreshPeople}>
              Refresh names
            </button>
          </p>
        )}
        <p className="muted" data-testid="chat-status" data-state={chat.status}>
          {chat.status}
        </p>
      </aside>
    </div>
  );
}
