'use client';

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { RealtimeError, useRealtimeEmit } from '../_realtime/index.ts';
import { FormError } from './form-error';

const MAX_LENGTH = 500;

/**
 * Staff only: posts an announcement with `announcement.post`. The server
 * checks the user again; an error from its ack is shown under the field.
 */
export function AnnouncementForm() {
  const emit = useRealtimeEmit();
  const inputId = useId();
  const [text, setText] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await emit('announcement.post', { text });
      setText('');
    } catch (failure) {
      setError(failure instanceof RealtimeError ? failure.message : 'Posting failed; try again.');
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="card form" aria-label="Post an announcement" onSubmit={submit}>
      <h2>Post an announcement</h2>
      <label htmlFor={inputId}>Announcement (sent to everyone on the site)</label>
      <div className="form__row">
        <input
          id={inputId}
          name="text"
          value={text}
          maxLength={MAX_LENGTH}
          required
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${inputId}-error` : undefined}
        />
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Posting…' : 'Post'}
        </button>
      </div>
      <FormError id={`${inputId}-error`} message={error} />
    </form>
  );
}
