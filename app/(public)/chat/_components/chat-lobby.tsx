'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { roomNameSchema } from '../../../../server/features/chat/chat-protocol.ts';
import { RealtimeError, useGroupEvent, useRealtimeEmit, useWhenConnected } from '../../../_realtime/index.ts';
import styles from '../chat.module.css';
import { FormError } from '../../../_components/form-error';
import { YourRooms } from './your-rooms.tsx';

type Lobby = { rooms: { room: string; count: number }[]; version: number };

/** Two servers' lists can cross on the way: the newer reading wins. */
const newest = (known: Lobby | null, next: Lobby) => (known && known.version > next.version ? known : next);

/**
 * The lobby's live part: the busiest rooms with people in them (from
 * `lobby.watch`, then `lobby.changed`, each the whole list: the newest
 * version wins), the rooms this browser was in with their unread counts, and
 * a join form that checks the name before navigating.
 */
export function ChatLobby() {
  const emit = useRealtimeEmit('/chat');
  const router = useRouter();
  const inputId = useId();
  const [lobby, setLobby] = useState<Lobby | null>(null);
  const rooms = lobby?.rooms.filter((r) => r.count > 0) ?? null;
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  // (Re)subscribe whenever the connection is (re)established: a fresh connection starts in no group.
  useWhenConnected(
    '/chat',
    (isCurrent) =>
      emit('lobby.watch', {}).then(
        (reply) => isCurrent() && setLobby((known) => newest(known, reply)),
        (failure: unknown) => isCurrent() && setError(failure instanceof RealtimeError ? failure.message : 'Could not load the rooms.'),
      ),
    [emit],
  );

  useGroupEvent('/chat', 'lobby.changed', (next) => setLobby((known) => newest(known, next)));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = roomNameSchema.safeParse(name.trim());
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'invalid room name');
      return;
    }
    setError(null);
    router.push(`/chat/${parsed.data}`);
  }

  return (
    <div className="live-grid">
      <form className="card form" aria-label="Join a room" onSubmit={submit} noValidate>
        <h2>Join a room</h2>
        <label htmlFor={inputId}>Room name (1–64 letters, digits, - or _)</label>
        <div className="form__row">
          <input
            id={inputId}
            name="room"
            value={name}
            autoComplete="off"
            onChange={(event) => setName(event.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? `${inputId}-error` : undefined}
          />
          <button type="submit" className="button">
            Join
          </button>
        </div>
        <FormError id={`${inputId}-error`} message={error} />
      </form>
      <YourRooms />
      <section className="card" aria-labelledby="active-rooms">
        <h2 id="active-rooms">Active rooms</h2>
        {rooms === null ? (
          <p className="muted">Loading…</p>
        ) : rooms.length === 0 ? (
          <div className="empty" data-testid="no-rooms">
            <p className="empty__title">Nobody is chatting right now.</p>
            <p>Start a room with the form: anyone who joins it by name sees your messages live.</p>
          </div>
        ) : (
          <ul className={styles.rooms} data-testid="active-rooms">
            {rooms.map(({ room, count }) => (
              <li key={room} data-testid="active-room" data-room={room}>
                <Link href={`/chat/${room}`}>#{room}</Link>{' '}
                <span className="muted" data-testid="room-count">
                  {count} {count === 1 ? 'person' : 'people'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
