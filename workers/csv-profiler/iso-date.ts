/**
 * ISO-8601 calendar dates and timestamps, read and written as UTC epoch
 * milliseconds: `2024-03-01`, `2024-03-01T12:30`, `2024-03-01 12:30:15.250Z`,
 * `2024-03-01T12:30:15+02:00`. A timestamp without an offset is taken as UTC,
 * so results never depend on the worker's time zone. Week and ordinal dates
 * (`2024-W09`, `2024-061`) are not recognised.
 */
const ISO_DATE =
  /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(Z|z|[+-]\d\d(?::?\d\d)?)?)?$/;
const DAY_MS = 86_400_000;

/** Epoch milliseconds of an ISO-8601 date or timestamp, or NaN if `text` is not one (or names no real day). */
export function parseIsoDate(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 0x2d) return NaN;
  const m = ISO_DATE.exec(text);
  if (m === null) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const time = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return daysFromCivil(year, month, day) * DAY_MS + time - offsetMinutes(m[8]) * 60_000;
}

/** Whether an ISO string `parseIsoDate` accepted carries a time of day (not just a date). */
export function hasTimeOfDay(text: string): boolean {
  return text.length > 10;
}

/** `YYYY-MM-DD` when `withTime` is false, else the full UTC ISO string (`toISOString`). */
export function formatIsoDate(epochMs: number, withTime: boolean): string {
  const iso = new Date(epochMs).toISOString();
  return withTime ? iso : iso.slice(0, 10);
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + (digits.length > 3 ? Number(digits.slice(3, 5)) : 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm; Date.UTC maps years 0–99 to 1900s). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
