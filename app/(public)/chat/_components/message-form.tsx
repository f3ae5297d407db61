'use client';

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { MESSAGE_BODY_MAX } from '../../../../server/features/chat/chat-protocol.ts';
import styles from '../chat.module.css';

/**
 * The composer, pinned under the messages: Enter sends (the server validates
 * and answers; a refusal shows on the message), Send is off while the message
 * is blank or the room not joined yet, and typing is reported.
 */
export function MessageForm({ room, disabled, onSend, onTyping }: { room: string; disabled: boolean; onSend(body: string): void; onTyping(): void }) {
  const inputId = useId();
  const [body, setBody] = useState('');
  const blank = body.trim() === '';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (blank || disabled) return;
    onSend(body);
    setBody('');
  }

  return (
    <form className={styles.composer} aria-label="Send a message" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Message #{room} (up to {MESSAGE_BODY_MAX.toLocaleString('en')} characters)
      </label>
      <input
        id={inputId}
        name="body"
        value={body}
        placeholder={`Message #${room}`}
        autoComplete="off"
        enterKeyHint="send"
        onChange={(event) => {
          setBody(event.target.value);
          onTyping();
        }}
      />
      <button type="submit" className="button" disabled={disabled || blank}>
        Send
      </button>
    </form>
  );
}
