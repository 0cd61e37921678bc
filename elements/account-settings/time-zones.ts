import { type FormatSettings, formatDateTime } from "../internal/format.ts";
import { intlLocaleTag } from "../internal/i18n.ts";

/** One choice of the time zone list. */
export interface TimeZoneOption {
  /** The IANA name the API stores, e.g. `America/New_York`. */
  readonly id: string;
  /** The name as people read it: `America/New York`. */
  readonly label: string;
  /** The offset from UTC today, e.g. `GMT-5`; `GMT` for UTC itself. */
  readonly offset: string;
}

let cachedZones: readonly TimeZoneOption[] | undefined;

/**
 * Every IANA zone the browser knows (`Intl.supportedValuesOf`), with UTC and
 * `extra` (the user's saved zone, which may be an old alias such as
 * `Asia/Calcutta`) added when missing, sorted by name. Offsets are those of
 * today; the list is computed once per page.
 */
export function timeZoneOptions(extra: readonly string[] = []): readonly TimeZoneOption[] {
  cachedZones ??= toOptions(supportedZones());
  const missing = extra.filter((zone) => !cachedZones!.some((option) => option.id === zone));
  return missing.length === 0 ? cachedZones : sortOptions([...cachedZones, ...toOptions(missing)]);
}

function supportedZones(): string[] {
  const zones =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : [...zones, "UTC"];
}

function toOptions(zones: readonly string[]): TimeZoneOption[] {
  return sortOptions(
    zones.flatMap((id) => {
      const offset = offsetOf(id);
      return offset === undefined ? [] : [{ id, label: zoneLabel(id), offset }];
    }),
  );
}

function sortOptions(options: TimeZoneOption[]): TimeZoneOption[] {
  return options.sort((a, b) => a.label.localeCompare(b.label, "en"));
}

/** `America/Argentina/Buenos_Aires` → `America/Argentina/Buenos Aires`. */
export function zoneLabel(zone: string): string {
  return zone.replaceAll("_", " ");
}

function offsetOf(zone: string): string | undefined {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      timeZoneName: "shortOffset",
    }).formatToParts(new Date());
    return parts.find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  } catch {
    return undefined;
  }
}

/** Lower case, without accents, `_` and `/` as spaces: what typing "sao paulo" should find. */
function normalise(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[_/]+/g, " ")
    .trim();
}

/**
 * The options matching what the customer typed: every word must occur in the
 * zone's name or its offset, so "new york", "york", "europe ber" and "gmt+1"
 * all find something. Zones whose city starts with the query come first.
 *
 * @example
 * filterTimeZones(timeZoneOptions(), "berlin")[0]?.id; // "Europe/Berlin"
 */
export function filterTimeZones(
  options: readonly TimeZoneOption[],
  query: string,
): readonly TimeZoneOption[] {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return options;
  const matches = options.filter((option) => {
    const haystack = `${normalise(option.id)} ${option.offset.toLowerCase()}`;
    return words.every((word) => haystack.includes(word));
  });
  const first = words.join(" ");
  const city = (option: TimeZoneOption) => normalise(option.id.split("/").pop() ?? option.id);
  return [
    ...matches.filter((option) => city(option).startsWith(first)),
    ...matches.filter((option) => !city(option).startsWith(first)),
  ];
}

/**
 * The local time now in `timezone`, for the preview under the picker:
 * "Monday 1 December, 14:05".
 */
export function formatLocalTime(now: Date, { locale, timezone }: FormatSettings): string {
  try {
    return new Intl.DateTimeFormat(intlLocaleTag(locale), {
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: timezone,
    }).format(now);
  } catch {
    return formatDateTime(now, { locale, timezone: "UTC" });
  }
}

/** Whether the zone is one the list offers (a typed name that is not a zone is refused). */
export function isKnownZone(options: readonly TimeZoneOption[], zone: string): boolean {
  return options.some((option) => option.id === zone);
}
