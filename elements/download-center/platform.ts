/** The platforms a customer can filter by, or every one. */
export type PlatformFilter = "windows" | "macos" | "linux" | "all";

export const platformFilters: readonly PlatformFilter[] = ["all", "windows", "macos", "linux"];

/** What the browser tells about its platform; `userAgentData` is Chromium's, the user agent everyone's. */
export interface PlatformHints {
  readonly userAgentData?: { readonly platform?: string } | undefined;
  readonly userAgent?: string | undefined;
}

/**
 * The visitor's desktop platform, to preselect the filter: from
 * `navigator.userAgentData.platform` where the browser has it, else the user
 * agent. Phones and tablets get "all", since no installer runs on them.
 *
 * @example
 * detectPlatform({ userAgentData: { platform: "macOS" } }); // "macos"
 */
export function detectPlatform(hints: PlatformHints = globalThis.navigator ?? {}): PlatformFilter {
  const hint = hints.userAgentData?.platform || hints.userAgent || "";
  if (/android|iphone|ipad|ipod/i.test(hint)) return "all";
  if (/win/i.test(hint)) return "windows";
  if (/mac/i.test(hint)) return "macos";
  if (/linux|x11|cros|chrome os/i.test(hint)) return "linux";
  return "all";
}

/** Whether a file belongs under the filter: files for any platform (or none, like manuals) always do. */
export function matchesPlatform(platform: string | null, filter: PlatformFilter): boolean {
  if (filter === "all" || platform === null) return true;
  const value = platform.toLowerCase();
  return value === "any" || value === filter;
}
