import type { Context } from "hono";
import { isLocale, isTimeZone, type Locale } from "../accounts/user-preferences.ts";
import type { AppEnv } from "../core/deps.ts";
import type { Wording } from "../core/sentence-catalogue.ts";
import { preferredLocale } from "./accept-language.ts";
import { sessionOf } from "./session-auth.ts";

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
