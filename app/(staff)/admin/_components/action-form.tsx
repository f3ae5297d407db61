'use client';

import { Fragment, startTransition, useActionState, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ActionState } from '../actions.ts';
import { FormError } from '../../../_components/form-error.tsx';

/** Props of `ActionForm`. */
export type ActionFormProps = {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  label: string;
  submit: string;
  /** The submit button's text while the action runs (default: `submit` and "…"). */
  pending?: string;
  children: ReactNode;
  /** Clear the fields after a success (new items); keep them for edits. */
  resetOnSuccess?: boolean;
  /** Called after each success (e.g. to close the dialog the form is in). */
  onDone?: () => void;
  /** Buttons beside the submit button (e.g. Cancel). */
  extraActions?: ReactNode;
  className?: string;
  submitClassName?: string;
};

/**
 * A form bound to a server action, showing the action's error under its
 * fields. Whatever the person typed stays in the fields when the server
 * refuses it; after a success the fields are cleared only with
 * `resetOnSuccess` (by mounting them afresh, which also resets fields that
 * keep their own state, like the Markdown editor). Without JavaScript it
 * still submits, as a plain form.
 */
export function ActionForm(props: ActionFormProps) {
  const { action, label, submit, children, resetOnSuccess = false, onDone, extraActions, className = 'form', submitClassName = 'button' } = props;
  const [state, run, running] = useActionState(action, { error: null, doneAt: null });
  const [generation, setGeneration] = useState(0);
  const handled = useRef<number | null>(null);
  useEffect(() => {
    if (!state.doneAt || handled.current === state.doneAt) return;
    handled.current = state.doneAt;
    if (resetOnSuccess) setGeneration((g) => g + 1);
    onDone?.();
  }, [state.doneAt, resetOnSuccess, onDone]);

  // Submitting through the action prop would reset the form whatever the outcome (React's rule for form
  // actions); dispatching the action ourselves keeps what was typed when the server says no.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }

  return (
    <form action={run} onSubmit={onSubmit} className={className} aria-label={label}>
      <Fragment key={generation}>{children}</Fragment>
      <FormError message={state.error} />
      <div className="form__actions">
        <button type="submit" className={submitClassName} disabled={running}>
          {running ? (props.pending ?? `${submit}…`) : submit}
        </button>
        {extraActions}
      </div>
    </form>
  );
}
