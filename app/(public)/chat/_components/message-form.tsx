'use client';

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { MESSAGE_BODY_MAX } from '../../../../server/protocol/index.ts';

/** The composer: sends on submit (the server validates and answers; errors show on the message), reports typing. */
export function MessageForm({ disabled, onSend, onTyping }: { disabled: boolean; onSend(body: string): void; onTyping(): void }) {
  const inputId = useId();
  const [body, setBody] = useState('');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (body.trim() === '') return;
    onSend(body);
    setBody('');
  }

  return (
    <form className="form" aria-label="Send a message" onSubmit={submit}>
      <label htmlFor={inputId} className="muted">
        Message (up to {MESSAGE_BODY_MAX.toLocaleString('en')} characters)
      </label>
      <div className="form__row">
        <input
          id={inputId}
          name="body"
          value={body}
          autoComplete="off"
          onChange={(event) => {
            setBody(event.target.value);
            onTyping();
          }}
        />
        <button type="submit" className="button" disabled={disabled}>
          Send
        </button>
      </div>
    </form>
  );
}
