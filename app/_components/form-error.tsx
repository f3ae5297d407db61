import { sentence } from './sentence.ts';

/**
 * A refusal or failure shown next to the form or control it concerns, read
 * out by screen readers at once, as a sentence (capital first letter).
 * Renders nothing without a message; `id` lets the control point at it with
 * `aria-describedby`.
 */
export function FormError({ id, message }: { id?: string; message: string | null | undefined | false }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="form__error">
      {sentence(message)}
    </p>
  );
}
