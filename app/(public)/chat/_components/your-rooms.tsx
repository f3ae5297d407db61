'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { UNREAD_COUNT_MAX } from '../../../../server/features/chat/chat-protocol.ts';
import { useRealtimeEmit, useWhenConnected } from '../../../_realtime/index.ts';
import styles from '../chat.module.css';
import { readSeenRooms } from './seen-rooms.ts';
import type { SeenRooms } from './seen-rooms.ts';

const unreadWords = (n: number) => (n >= UNREAD_COUNT_MAX ? `${UNREAD_COUNT_MAX - 1}+ new` : `${n} new`);

/**
 * The rooms this browser was in lately (kept in localStorage by the room
 * page), most recent first, each with how many messages arrived since the
 * newest one read there (`rooms.unread`, asked on every (re)connection).
 * Nothing at all for a visitor who has not been in a room.
 */
export function YourRooms() {
  const emit = useRealtimeEmit('/chat');
  const [seen, setSeen] = useState<SeenRooms>([]);
  const [unread, setUnread] = useState<ReadonlyMap<string, number>>(new Map());

  useEffect(() => setSeen(readSeenRooms()), []);
  useWhenConnected(
    '/chat',
    (isCurrent) =>
      seen.length > 0 &&
      emit('rooms.unread', { rooms: seen.map(({ room, seq }) => ({ room, after: seq })) }).then(
        (reply) => isCurrent() && setUnread(new Map(reply.rooms.map((r) => [r.room, r.unread]))),
        // The counts are a nicety: without them the list still leads to the rooms.
        () => {},
      ),
    [emit, seen],
  );

  if (seen.length === 0) return null;
  return (
    <section className="card" aria-labelledby="your-rooms">
      <h2 id="your-rooms">Your rooms</h2>
      <ul className={styles.rooms} data-testid="your-rooms">
        {seen.map(({ room }) => {
          const count = unread.get(room) ?? 0;
          return (
            <li key={room} data-testid="your-room" data-room={room}>
              <Link href={`/chat/${room}`}>#{room}</Link>
              {count > 0 && (
                <span className="badge badge--accent" data-testid="unread">
                  {unreadWords(count)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
