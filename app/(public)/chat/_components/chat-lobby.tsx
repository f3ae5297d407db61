'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { roomNameSchema } from '../../../../server/protocol/index.ts';
import { RealtimeError, useConnectionStatus, useGroupEvent, useRealtimeEmit } from '../../../_realtime/index.ts';
import styles from '../chat.module.css';
import { FormError } from '../../../_components/form-error';

type RoomCount = { room: string; count: number };

/** Rooms the lobby shows at most (the server lists its busiest CHAT_LOBBY_ROOMS_MAX; changes can add more). */
const ROOMS_SHOWN = 50;

/**
 * The lobby's live part: the busiest rooms with people in them (from
 * `lobby.watch`, then `lobby.changed`), and a join form that checks the name
 * before navigating.
 */
export function ChatLobby() {
  const emit = useRealtimeEmit('/chat');
  const status = useConnectionStatus('/chat');
  const router = useRouter();
  const inputId = useId();
  const [rooms, setRooms] = useState<RoomCount[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  // (Re)subscribe whenever the connection is (re)established: a fresh connection starts in no group.
  useEffect(() => {
    if (status !== 'connected') return;
    let current = true;
    emit('lobby.watch', {}).then(
      (reply) => current && setRooms(reply.rooms),
      (failure: unknown) => current && setError(failure instanceof RealtimeError ? failure.message : 'Could not load the rooms.'),
    );
    return () => {
      current = false;
    };
  }, [emit, status]);

  useGroupEvent('lobby.changed', ({ room, count }) =>
    setRooms((list) => {
      const others = (list ?? []).filter((r) => r.room !== room);
      const next = count > 0 ? [...others, { room, count }] : others;
      return next.sort((a, b) => b.count - a.count || a.room.localeCompare(b.room)).slice(0, ROOMS_SHOWN);
    }),
  );

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
      <section className="card" aria-labelledby="active-rooms">
        <h2 id="active-rooms">Active rooms</h2>
        {rooms === null ? (
          <p className="muted">Loading…</p>
        ) : rooms.length === 0 ? (
          <p className="muted" data-testid="no-rooms">
            Nobody is chatting right now.
          </p>
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
