'use client';

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { displayNameSchema } from '../../../../server/features/chat/chat-protocol.ts';
import { FormError } from '../../../_components/form-error';

/** Asks a guest for the name they chat under (validated like the server does); `error` is the server's refusal, if any. */
export function DisplayNameForm({ initial, error: refused, onChosen }: { initial: string; error: string | null; onChosen(name: string): void }) {
  const inputId = useId();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const shown = error ?? refused;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = displayNameSchema.safeParse(name);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'invalid display name');
    setError(null);
    onChosen(parsed.data);
  }

  return (
    <form className="card form" aria-label="Choose a display name" onSubmit={submit} noValidate>
      <h2>Choose a display name</h2>
      <label htmlFor={inputId}>Your name in this room (or log in to use your username)</label>
      <div className="form__row">
        <input
          id={inputId}
          name="displayName"
          value={name}
          autoComplete="nickname"
          onChange={(event) => setName(event.target.value)}
          aria-invalid={shown !== null}
          aria-describedby={shown ? `${inputId}-error` : undefined}
        />
        <button type="submit" className="button">
          Enter the room
        </button>
      </div>
      <FormError id={`${inputId}-error`} message={shown} />
    </form>
  );
}
