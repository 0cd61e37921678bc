/** The languages the portal speaks. */
export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

let supportedZones: ReadonlySet<string> | undefined;

/**
 * Whether `value` is an IANA time zone this runtime knows: one of
 * `Intl.supportedValuesOf("timeZone")`, `UTC` (which that list leaves out), or another
 * name Intl accepts in its IANA spelling. The list omits `Etc/GMT+5` and, on Node's ICU,
 * has only the old names `Asia/Calcutta` and `Europe/Kiev` while browsers report
 * `Asia/Kolkata` and `Europe/Kyiv`. Mis-cased names (`europe/berlin`) are refused so
 * stored zones keep their IANA spelling.
 *
 * @example
 * isTimeZone("Europe/Berlin"); // true
 * isTimeZone("Mars/Olympus"); // false
 */
export function isTimeZone(value: string): boolean {
  supportedZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  if (supportedZones.has(value)) return true;
  // Every IANA name segment starts with a capital (America/Port-au-Prince, Etc/GMT+5).
  if (!/^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/.test(value)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved === value || resolved.toLowerCase() !== value.toLowerCase();
}
