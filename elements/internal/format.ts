import { intlLocaleTag, type KeyportLocale } from "./i18n.ts";

/** Where and how a value is shown; a resolved `portal` fits as is. */
export interface FormatSettings {
  readonly locale: KeyportLocale;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timezone: string;
}

/** What the API sends (ISO-8601 strings) or the code holds. */
export type DateInput = Date | string | number;

function toDate(value: DateInput): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid date: ${String(value)}`);
  return date;
}

/**
 * An absolute calendar date in the user's zone, for deadlines.
 *
 * @example
 * formatDate("2027-03-14T09:00:00Z", { locale: "en", timezone: "UTC" }); // "14 March 2027"
 */
export function formatDate(value: DateInput, { locale, timezone }: FormatSettings): string {
  return new Intl.DateTimeFormat(intlLocaleTag(locale), {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: timezone,
  }).format(toDate(value));
}

/**
 * Date and time of day with the zone's name, for the exact moment behind a
 * relative time (a `title`, a tooltip).
 *
 * @example
 * formatDateTime("2027-03-14T09:00:00Z", { locale: "en", timezone: "Europe/Berlin" });
 * // "14 March 2027 at 10:00 CET"
 */
export function formatDateTime(value: DateInput, { locale, timezone }: FormatSettings): string {
  return new Intl.DateTimeFormat(intlLocaleTag(locale), {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: timezone,
    timeZoneName: "short",
  }).format(toDate(value));
}

const secondsPer = { minute: 60, hour: 3_600, day: 86_400, year: 31_556_952 };

/**
 * How long ago (or how far ahead) a moment is, for recency: "3 days ago",
 * "in 2 hours", "now". Elapsed time does not depend on the time zone, so only
 * the locale matters; `now` is a parameter to keep the function pure.
 *
 * @example
 * formatRelativeTime(lastSeenAt, { locale: "en", now: new Date() }); // "3 days ago"
 */
export function formatRelativeTime(
  value: DateInput,
  { locale, now }: { readonly locale: KeyportLocale; readonly now: DateInput },
): string {
  const seconds = (toDate(value).getTime() - toDate(now).getTime()) / 1000;
  const elapsed = Math.abs(seconds);
  const tag = intlLocaleTag(locale);
  // Under a minute the exact count is noise; "now" reads better than "12 seconds ago".
  if (elapsed < secondsPer.minute) {
    return new Intl.RelativeTimeFormat(tag, { numeric: "auto" }).format(0, "second");
  }
  // Days up to a year: "140 days ago" is what the API's sentences and a support agent say,
  // and "5 months ago" would hide whether a machine is just past a 4-month rule.
  const unit: Intl.RelativeTimeFormatUnit =
    elapsed < secondsPer.hour
      ? "minute"
      : elapsed < secondsPer.day
        ? "hour"
        : elapsed < secondsPer.year
          ? "day"
          : "year";
  // "always": "1 day ago" is true by elapsed time, "yesterday" may not be by the calendar.
  return new Intl.RelativeTimeFormat(tag, { numeric: "always" }).format(
    Math.round(seconds / secondsPer[unit]),
    unit,
  );
}

const byteUnits = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte", "petabyte"] as const;

/**
 * A file size in decimal units (1 kB = 1000 bytes, as the unit names say), with
 * one decimal at most: "1.5 MB", "1,5 MB", "512 bytes".
 *
 * @example
 * formatBytes(1_500_000, { locale: "en" }); // "1.5 MB"
 */
export function formatBytes(bytes: number, { locale }: { readonly locale: KeyportLocale }): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`Not a byte count: ${bytes}`);
  let exponent = 0;
  let value = bytes;
  // Compare after rounding to the one decimal shown, so 999,950 bytes is "1 MB", not "1,000 kB".
  while (exponent < byteUnits.length - 1 && Math.round(value * 10) / 10 >= 1000) {
    value /= 1000;
    exponent += 1;
  }
  return new Intl.NumberFormat(intlLocaleTag(locale), {
    style: "unit",
    unit: byteUnits[exponent],
    // "512 byte" is how the short form reads in English; spell the smallest unit out.
    unitDisplay: exponent === 0 ? "long" : "short",
    maximumFractionDigits: 1,
  }).format(value);
}
