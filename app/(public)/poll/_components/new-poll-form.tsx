'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { POLL_OPTION_MAX, POLL_OPTIONS, POLL_QUESTION_MAX } from '../../../../server/features/poll/poll-protocol.ts';
import { FormError } from '../../../_components/form-error';
import { RealtimeError, useRealtimeEmit } from '../../../_realtime/index.ts';

/** Staff's form for a new poll: a question and one option per line; opens the poll once created. */
export function NewPollForm() {
  const emit = useRealtimeEmit('/poll');
  const router = useRouter();
  const id = useId();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const lines = options.split('\n').map((line) => line.trim()).filter(Boolean);
      const { pollId } = await emit('poll.create', { question, options: lines });
      router.push(`/poll/${pollId}`);
    } catch (failure) {
      setError(failure instanceof RealtimeError ? failure.message : 'The poll was not created; try again.');
      setPending(false);
    }
  }

  return (
    <form className="card form" aria-label="New poll" onSubmit={(event) => void submit(event)}>
      <h2>Ask a question</h2>
      <label htmlFor={`${id}-question`}>Question</label>
      <input id={`${id}-question`} value={question} maxLength={POLL_QUESTION_MAX} required autoComplete="off" onChange={(event) => setQuestion(event.target.value)} />
      <label htmlFor={`${id}-options`}>Options, one per line ({POLL_OPTIONS.min}–{POLL_OPTIONS.max}, up to {POLL_OPTION_MAX} characters each)</label>
      <textarea id={`${id}-options`} value={options} rows={4} required onChange={(event) => setOptions(event.target.value)} aria-describedby={error ? `${id}-error` : undefined} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Creating…' : 'Create poll'}
        </button>
      </div>
      <FormError id={`${id}-error`} message={error} />
    </form>
  );
}
