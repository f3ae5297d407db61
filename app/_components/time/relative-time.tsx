'use client';

import { readableTime, serverTime } from './format-time.ts';
import { useNow } from './use-now.ts';

/**
 * A moment as a reader wants it: their local clock time (with the date when it
 * is not today) and how long ago it was, e.g. "14:05 · 5 minutes ago", with
 * the full date in a tooltip. The server renders it in UTC; the browser
 * switches to local time once it runs.
 */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return <time className={className}>{iso}</time>;
  if (now === null) {
    return (
      <time dateTime={iso} className={className}>
        {serverTime(at)}
      </time>
    );
  }
  const { when, ago, full } = readableTime(at, new Date(now));
  return (
    <time dateTime={iso} className={className} title={full} data-testid="time">
      {when}
      {ago && <span className="time__ago"> · {ago}</span>}
    </time>
  );
}
