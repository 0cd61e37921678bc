import { type Expression, type RawBuilder, sql } from "kysely";

/*
 * Durations, in one place. A day is always 24 hours, in TypeScript and in SQL
 * alike: a 30-day window or a 90-day notice period has the same length whatever
 * daylight-saving shift falls inside it (PostgreSQL's `interval '1 day'` would
 * follow the shift, JavaScript's milliseconds would not). Calendar days belong to
 * display only, in the reader's time zone.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const DAY_SECONDS = DAY_MS / SECOND_MS;

/**
 * The moment `days` 24-hour days after `date` (before it when negative).
 *
 * @example
 * addDays(new Date("2027-03-27T12:00:00Z"), 1); // 2027-03-28T12:00:00Z, DST or not
 */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** The moment `seconds` after `date` (before it when negative). */
export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * SECOND_MS);
}

/** Whole days from `now` until `date`, a started day counting as one: 1 for "in 3 hours". */
export function wholeDaysUntil(date: Date, now: Date): number {
  return Math.ceil((date.getTime() - now.getTime()) / DAY_MS);
}

/** Whole days from `date` until `now`, a started day not counting: 0 for "3 hours ago". */
export function wholeDaysSince(date: Date, now: Date): number {
  return Math.floor((now.getTime() - date.getTime()) / DAY_MS);
}

/**
 * A moment as a person reads it where they are, as every mail writes one:
 * "14 March 2027 at 10:00 CET" in the recipient's saved zone. An unknown zone
 * (never stored, but mail must not fail on it) falls back to UTC.
 */
export function formatMoment(at: Date, timeZone = "UTC"): string {
  const options: Intl.DateTimeFormatOptions = {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  };
  try {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(at);
  }
}

/** A moment as a SQL `timestamptz` value, for arithmetic inside a query. */
export function timestampSql(at: Date): RawBuilder<Date> {
  return sql<Date>`cast(${at.toISOString()} as timestamptz)`;
}

/**
 * An interval of `days` 24-hour days (a number or a column), the SQL twin of
 * {@link addDays}: `make_interval(days => …)` would follow daylight saving.
 *
 * @example
 * sql<Date>`${timestampSql(now)} - ${daysSql(eb.ref("policies.deactivation_window_days"))}`
 */
export function daysSql(days: Expression<number> | number): RawBuilder<unknown> {
  return sql`make_interval(secs => ${days} * ${sql.lit(DAY_SECONDS)})`;
}

/** An interval of `seconds` (a number or a column), the SQL twin of {@link addSeconds}. */
export function secondsSql(seconds: Expression<number> | number): RawBuilder<unknown> {
  return sql`make_interval(secs => ${seconds})`;
}
