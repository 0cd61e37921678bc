import Bowser from "bowser";
import type { Locale } from "../accounts/user-preferences.ts";

const WORDS: Record<Locale, { unknown: string; on: (browser: string, os: string) => string }> = {
  en: { unknown: "Unknown device", on: (browser, os) => `${browser} on ${os}` },
  de: { unknown: "Unbekanntes Gerät", on: (browser, os) => `${browser} unter ${os}` },
};

/**
 * A short name for the device behind a user agent, for the sessions list: the
 * browser with its major version and the operating system.
 *
 * @example
 * describeDevice("Mozilla/5.0 (Macintosh; …) Chrome/120.0.0.0 Safari/537.36"); // "Chrome 120 on macOS"
 * describeDevice(null); // "Unknown device"
 * describeDevice(null, "de"); // "Unbekanntes Gerät"
 */
export function describeDevice(
  userAgent: string | null | undefined,
  locale: Locale = "en",
): string {
  const words = WORDS[locale];
  if (!userAgent?.trim()) return words.unknown;
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return words.unknown;
  const major = browser.version?.split(".")[0];
  const name = major ? `${browser.name} ${major}` : browser.name;
  return os.name ? words.on(name, os.name) : name;
}
