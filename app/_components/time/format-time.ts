/** How a moment reads to a person: a local clock time or date, and how long ago it was. */
export type ReadableTime = {
  /** "14:05" today, "Yesterday, 14:05", "Fri 5 Dec, 14:05" this year, "5 Dec 2025, 14:05" before. */
  readonly when: string;
  /** "just now", "5 minutes ago", "2 hours ago", "yesterday", "3 days ago"; empty for older or future times. */
  readonly ago: string;
  /** The full date and time, for a tooltip: "Friday, 5 December 2026 at 14:05:09". */
  readonly full: string;
};

/** Locale and time zone to format in; the browser's when left out. */
export type TimeFormatOptions = { locale?: string; timeZone?: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Formats `at` for a reader whose clock says `now`, in their locale and time
 * zone. Pure: the same inputs always give the same text, so tests (and
 * screenshot baselines) pin `now`, the locale and the time zone.
 *
 * @example readableTime(new Date('2026-12-05T14:05:00Z'), new Date('2026-12-05T14:10:00Z'), { locale: 'en-GB', timeZone: 'UTC' })
 * // { when: '14:05', ago: '5 minutes ago', full: 'Saturday, 5 December 2026 at 14:05:00' }
 */
export function readableTime(at: Date, now: Date, { locale, timeZone }: TimeFormatOptions = {}): ReadableTime {
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(at);
  const days = calendarDaysBetween(at, now, timeZone);
  let when: string;
  if (days === 0) when = clock;
  else if (days === 1) when = `${capitalise(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-1, 'day'))}, ${clock}`;
  else if (dayKey(at, timeZone).slice(0, 4) === dayKey(now, timeZone).slice(0, 4) && days > 0) {
    when = `${new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(at)}, ${clock}`;
  } else when = `${new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(at)}, ${clock}`;
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium', timeZone }).format(at);
  return { when, ago: timeAgo(now.getTime() - at.getTime(), locale), full };
}

/** "just now", "5 minutes ago", "2 hours ago", "yesterday", "3 days ago"; empty beyond a week or in the future. */
export function timeAgo(elapsedMs: number, locale?: string): string {
  if (elapsedMs < -MINUTE || elapsedMs >= 7 * DAY) return '';
  if (elapsedMs < MINUTE) return 'just now';
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (elapsedMs < HOUR) return relative.format(-Math.floor(elapsedMs / MINUTE), 'minute');
  if (elapsedMs < DAY) return relative.format(-Math.floor(elapsedMs / HOUR), 'hour');
  return relative.format(-Math.floor(elapsedMs / DAY), 'day');
}

/**
 * A fixed rendering for the server, where the reader's time zone is unknown:
 * "5 Dec 2026, 14:05 UTC". The page shows it until the browser replaces it
 * with `readableTime` (so the server and the first browser render agree).
 */
export function serverTime(at: Date): string {
  return `${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(at)} UTC`;
}

function dayKey(at: Date, timeZone: string | undefined): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
}

function calendarDaysBetween(at: Date, now: Date, timeZone: string | undefined): number {
  return Math.round((Date.parse(dayKey(now, timeZone)) - Date.parse(dayKey(at, timeZone))) / DAY);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
