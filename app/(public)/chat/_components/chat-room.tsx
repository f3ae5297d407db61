'use client';

import Link from 'next/link';
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { ChatMessage } from '../../../../server/features/chat/chat-protocol.ts';
import { FormError } from '../../../_components/form-error';
import styles from '../chat.module.css';
import { DisplayNameForm } from './display-name-form.tsx';
import { lastSeq } from './merge-messages.ts';
import { MessageForm } from './message-form.tsx';
import { OutgoingItem, SentMessage } from './message-item.tsx';
import { RoomMembers } from './room-members.tsx';
import { markRoomSeen } from './seen-rooms.ts';
import { useChatRoom } from './use-chat-room.ts';
import { useStickyScroll } from './use-sticky-scroll.ts';

const NAME_KEY = 'sy-chat-name';
const noSubscribe = () => () => {};

/**
 * The live room, laid out like the chat apps people know: the messages fill
 * the screen above a composer pinned to the bottom, and follow what arrives
 * while the reader is at the bottom (scrolled up, a pill counts what is new);
 * who is here sits beside them (behind a toggle on a phone). A guest first
 * chooses a display name (remembered in this browser). Messages are text with
 * their web addresses linked (markup shows as typed); this tab's own say
 * whether they were sent, and a failed one says why, with Retry when sending
 * again can work. The room is remembered with the newest message read, for the
 * lobby's unread counts.
 */
export function ChatRoom({ room, username, initial }: { room: string; username: string | null; initial: { messages: ChatMessage[]; hasOlder: boolean } }) {
  const saved = useSyncExternalStore(noSubscribe, () => localStorage.getItem(NAME_KEY), () => null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [peopleOpen, setPeopleOpen] = useState(false);
  const membersId = useId();
  const guestName = chosen ?? saved;
  const chat = useChatRoom(room, initial, username ? undefined : guestName);
  const newest = lastSeq(chat.messages);
  const sticky = useStickyScroll(`${chat.messages.length}/${chat.outgoing.map((o) => o.state).join()}`, newest);
  const unseen = sticky.seen === newest ? 0 : chat.messages.filter((m) => (sticky.seen === null || BigInt(m.seq) > BigInt(sticky.seen)) && !chat.mine.has(m.clientId ?? '')).length;
  const nameRefused = chat.joinError?.code === 'conflict' || chat.joinError?.code === 'invalid_input';
  const needsName = !username && (guestName === null || nameRefused);
  const joined = chat.self !== null;
  const choose = (name: string) => {
    localStorage.setItem(NAME_KEY, name);
    setChosen(name);
  };

  // What is on the screen has been read, joined or not (a guest reads before choosing a name).
  useEffect(() => markRoomSeen(room, sticky.seen), [room, sticky.seen]);

  return (
    <div className={styles.room}>
      <div className={styles.head}>
        <div>
          <Link href="/chat" className={styles.back}>
            ← All rooms
          </Link>
          <h1 className={styles.title}>#{room}</h1>
        </div>
        <button
          type="button"
          className={`button button--quiet ${styles.toggle}`}
          data-testid="members-toggle"
          aria-expanded={peopleOpen}
          aria-controls={membersId}
          onClick={() => setPeopleOpen((open) => !open)}
        >
          People ({chat.people.count})
        </button>
      </div>
      <div className={styles.layout} data-people={peopleOpen ? 'open' : 'closed'}>
        <div className={`card ${styles.panel}`}>
          <div className={styles.viewport}>
            <div className={styles.scroller} ref={sticky.ref} onScroll={sticky.onScroll} role="log" aria-label="Messages" tabIndex={0} data-testid="message-scroller">
              {chat.hasOlder && (
                <button type="button" className={`link-button ${styles.older}`} onClick={() => void chat.loadOlder()}>
                  Load older messages
                </button>
              )}
              {chat.messages.length === 0 && chat.outgoing.length === 0 && (
                <div className={`empty ${styles.empty}`} data-testid="empty-room">
                  <p className="empty__title">No messages yet</p>
                  <p>Say hello: everyone in #{room} sees it the moment you send it.</p>
                </div>
              )}
              <ol className={styles.messages} data-testid="messages">
                {chat.messages.map((m) => (
                  <SentMessage key={m.id} message={m} mine={chat.mine.has(m.clientId ?? '')} />
                ))}
                {chat.outgoing.map((o) => (
                  <OutgoingItem
                    key={o.clientId}
                    message={o}
                    author={chat.self?.name ?? 'You'}
                    onRetry={() => void chat.retry(o.clientId)}
                    onDismiss={() => chat.dismiss(o.clientId)}
                  />
                ))}
              </ol>
            </div>
            {unseen > 0 && (
              <button type="button" className={`button ${styles.pill}`} data-testid="new-messages" onClick={sticky.scrollDown}>
                {unseen} new {unseen === 1 ? 'message' : 'messages'} ↓
              </button>
            )}
          </div>
          <p className={styles.typing} data-testid="typing" aria-live="polite">
            {chat.typingNames.length > 0 && `${chat.typingNames.join(', ')} ${chat.typingNames.length === 1 ? 'is' : 'are'} typing…`}
          </p>
          {needsName ? (
            <DisplayNameForm initial={guestName ?? ''} error={nameRefused ? (chat.joinError?.message ?? null) : null} onChosen={choose} />
          ) : (
            <>
              {!nameRefused && <FormError message={chat.joinError?.message} />}
              <MessageForm
                room={room}
                disabled={!joined}
                onSend={(body) => {
                  sticky.follow();
                  void chat.send(body);
                }}
                onTyping={chat.typed}
              />
            </>
          )}
        </div>
        <RoomMembers id={membersId} people={chat.people} self={chat.self} onRefresh={chat.refreshPeople} />
      </div>
    </div>
  );
}
