import type { Context } from "hono";
import { isLocale, isTimeZone, LOCALES, type Locale } from "../accounts/user-preferences.ts";
import type { AppEnv } from "../core/deps.ts";
import type { Wording } from "../core/sentence-catalogue.ts";
import { sessionOf } from "./session-auth.ts";

/** One language range of an `Accept-Language` header with its weight. */
export interface LanguageRange {
  /** Lower-cased: `de-at`, `en`, `*`. */
  readonly range: string;
  /** 0 to 1; 0 means "not this one". */
  readonly q: number;
}

// RFC 9110 §12.5.4 / RFC 4647 §2.1: `*`, or 1–8 letters then subtags of 1–8 letters or digits.
const RANGE = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i;
// RFC 9110 §12.4.2: at most three decimals, never above 1.
const WEIGHT = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The well-formed ranges of an `Accept-Language` header, in header order. A
 * malformed entry (a bad tag, a weight that is no qvalue) is dropped on its own,
 * so one stray entry does not void the rest.
 *
 * @example
 * parseAcceptLanguage("de-AT, en;q=0.5, **"); // [{ range: "de-at", q: 1 }, { range: "en", q: 0.5 }]
 */
export function parseAcceptLanguage(header: string | null | undefined): LanguageRange[] {
  if (!header) return [];
  const ranges: LanguageRange[] = [];
  for (const entry of header.split(",")) {
    const [tag = "", ...params] = entry.split(";").map((part) => part.trim());
    if (!RANGE.test(tag)) continue;
    let q = 1;
    let valid = true;
    for (const param of params) {
      const weight = WEIGHT.exec(param.replace(/\s*=\s*/, "="));
      if (weight?.[1] === undefined) valid = false;
      else q = Number(weight[1]);
    }
    if (valid) ranges.push({ range: tag.toLowerCase(), q });
  }
  return ranges;
}

/**
 * The supported locale an `Accept-Language` header prefers, or `null` when it
 * states no preference among them: no header, only `*`, or nothing supported.
 * A region counts as its language (`de-AT` is `de`); a language takes the highest
 * weight any of its ranges gives it; equal weights go to the one named first.
 *
 * @example
 * preferredLocale("fr-CH, de-AT;q=0.8, en;q=0.5"); // "de"
 * preferredLocale("*"); // null
 */
export function preferredLocale(
  header: string | null | undefined,
  supported: readonly Locale[] = LOCALES,
): Locale | null {
  let best: { locale: Locale; q: number } | null = null;
  for (const { range, q } of parseAcceptLanguage(header)) {
    const language = range.split("-")[0] ?? "";
    if (q === 0 || !isLocale(language) || !supported.includes(language)) continue;
    if (!best || q > best.q) best = { locale: language, q };
  }
  return best?.locale ?? null;
}

/**
 * The language of a request's sentences: the best supported match in
 * `Accept-Language`, else the signed-in user's saved locale, else English. The
 * header wins because the widgets send the language they display.
 *
 * @example
 * resolveLocale("de-AT,en;q=0.5", "en"); // "de"
 * resolveLocale("*", "de"); // "de"
 */
export function resolveLocale(
  acceptLanguage: string | null | undefined,
  savedLocale: string | null | undefined,
): Locale {
  return (
    preferredLocale(acceptLanguage) ??
    (savedLocale && isLocale(savedLocale) ? savedLocale : null) ??
    "en"
  );
}

/**
 * The language and time zone of the signed-in caller's sentences: the locale by
 * {@link resolveLocale}, the zone from their profile (UTC if it is not one this
 * runtime knows). For routes behind `requireSession`.
 *
 * @example
 * const wording = wordingOf(c);
 * const dashboard = await getDashboard(db, callerOf(c), new Date(), wording);
 * return localized(c, wording).json(dashboardJson(dashboard), 200);
 */
export function wordingOf(c: Context<AppEnv>): Wording {
  const session = sessionOf(c);
  return {
    locale: resolveLocale(c.req.header("accept-language"), session.locale),
    timeZone: isTimeZone(session.timeZone) ? session.timeZone : "UTC",
  };
}

/**
 * Marks the answer as written in `wording`'s language: `Content-Language`, and
 * `Vary: Accept-Language` since the same URL answers in another language for
 * another header. Call it on the success path only, so a problem answer (English)
 * does not claim another language. Returns `c` for chaining.
 */
export function localized<C extends Context<AppEnv>>(c: C, wording: Wording): C {
  c.header("Content-Language", wording.locale);
  c.header("Vary", "Accept-Language", { append: true });
  return c;
}
