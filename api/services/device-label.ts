import Bowser from "bowser";

/**
 * A short name for the device behind a user agent, for the sessions list: the
 * browser with its major version and the operating system.
 *
 * @example
 * describeDevice("Mozilla/5.0 (Macintosh; …) Chrome/120.0.0.0 Safari/537.36"); // "Chrome 120 on macOS"
 * describeDevice(null); // "Unknown device"
 */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent?.trim()) return "Unknown device";
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return "Unknown device";
  const major = browser.version?.split(".")[0];
  const name = major ? `${browser.name} ${major}` : browser.name;
  return os.name ? `${name} on ${os.name}` : name;
}
