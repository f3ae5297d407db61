'use client';

import { useActionState, useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { ActionState } from '../actions.ts';
import { FormError } from '../../../_components/form-error';

/** Props of `ActionForm`. */
export type ActionFormProps = {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  label: string;
  submit: string;
  children: ReactNode;
  /** Clear the fields after a success (new items); keep them for edits. */
  resetOnSuccess?: boolean;
  className?: string;
};

/** A form bound to a server action, showing the action's error under its fields. */
export function ActionForm({ action, label, submit, children, resetOnSuccess = false, className = 'form' }: ActionFormProps) {
  const [state, run, pending] = useActionState(action, { error: null, doneAt: null });
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.doneAt && resetOnSuccess) form.current?.reset();
  }, [state.doneAt, resetOnSuccess]);
  return (
    <form ref={form} action={run} className={className} aria-label={label}>
      {children}
      <button type="submit" className="button" disabled={pending}>
        {submit}
      </button>
      <FormError message={state.error} />
    </form>
  );
}
