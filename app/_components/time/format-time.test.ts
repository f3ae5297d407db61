import { describe, expect, it } from 'vitest';
import { readableTime, serverTime, timeAgo } from './format-time.ts';

const at = (iso: string) => new Date(iso);
const london = { locale: 'en-GB', timeZone: 'Europe/London' };

/** Times on user pages: "a local clock time, a date when it is not today, and how long ago". */
describe('readableTime', () => {
  it('today: the local clock time and minutes ago', () => {
    expect(readableTime(at('2026-07-01T13:05:00Z'), at('2026-07-01T13:10:30Z'), london)).toMatchObject({ when: '14:05', ago: '5 minutes ago' });
  });

  it('uses the reader’s time zone for the clock and for which day it is', () => {
    const late = at('2026-07-01T23:30:00Z');
    expect(readableTime(late, at('2026-07-02T00:10:00Z'), { locale: 'en-GB', timeZone: 'UTC' }).when).toBe('Yesterday, 23:30');
    expect(readableTime(late, at('2026-07-02T00:10:00Z'), { locale: 'en-GB', timeZone: 'Asia/Tokyo' }).when).toBe('08:30');
  });

  it('earlier this year: weekday and date; another year: the year too; the full date in the tooltip', () => {
    const now = at('2026-07-10T12:00:00Z');
    expect(readableTime(at('2026-07-03T09:00:00Z'), now, london)).toMatchObject({ when: 'Fri 3 Jul, 10:00', ago: '' });
    expect(readableTime(at('2025-12-24T18:00:00Z'), now, london).when).toBe('24 Dec 2025, 18:00');
    expect(readableTime(at('2026-07-03T09:00:00Z'), now, london).full).toMatch(/^Friday,? 3 July 2026 at 10:00:00$/);
  });
});

describe('timeAgo', () => {
  it.each([
    [10_000, 'just now'],
    [60_000, '1 minute ago'],
    [59 * 60_000, '59 minutes ago'],
    [2 * 3_600_000, '2 hours ago'],
    [30 * 3_600_000, 'yesterday'],
    [3 * 86_400_000, '3 days ago'],
    [8 * 86_400_000, ''],
    [-5 * 60_000, ''],
  ])('%i ms → %j', (elapsed, text) => {
    expect(timeAgo(elapsed, 'en-GB')).toBe(text);
  });
});

describe('serverTime', () => {
  it('is the same wherever the server runs: UTC, said so', () => {
    expect(serverTime(at('2026-12-05T14:05:09Z'))).toBe('5 Dec 2026, 14:05 UTC');
  });
});
