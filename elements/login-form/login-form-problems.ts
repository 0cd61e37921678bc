import type { KeyportLocale } from "../internal/i18n.ts";
import { intlLocaleTag } from "../internal/i18n.ts";
import { type LoginFormMessageKey, loginFormMessages } from "./login-form-messages.ts";

/** What an API answer means for the form: a message for the form, or for one of its fields. */
export interface FormProblem {
  /** The field to mark invalid and focus; none for a form-wide message. */
  readonly field?: LoginField;
  readonly message: string;
}

export type LoginField = "email" | "password" | "code" | "new-password" | "confirm-password";

interface ErrorShape {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly problem?: { readonly retryAfter?: unknown };
  readonly fieldErrors?: readonly { readonly field: string; readonly message: string }[];
}

/** The error's HTTP status and problem code, for any SDK-shaped error. */
export function problemOf(error: unknown): {
  status: number | undefined;
  code: string | undefined;
} {
  const shape = (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
  return {
    status: typeof shape.status === "number" ? shape.status : undefined,
    code: typeof shape.code === "string" ? shape.code : undefined,
  };
}

/** The `retryAfter` seconds of a 429 (the API's problem extension, mirrored in `Retry-After`). */
export function retryAfterOf(error: unknown): number | undefined {
  const value = (error as ErrorShape | null)?.problem?.retryAfter;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * "in 45 seconds", "in 2 minutes", "in 1 hour": the wait rounded up to the
 * largest unit that fits, so a customer never comes back too early.
 *
 * @example
 * describeWait("en", 95); // "in 2 minutes"
 */
export function describeWait(locale: KeyportLocale, seconds: number): string {
  const format = new Intl.RelativeTimeFormat(intlLocaleTag(locale), { numeric: "always" });
  if (seconds < 60) return format.format(Math.ceil(seconds), "second");
  if (seconds < 3600) return format.format(Math.ceil(seconds / 60), "minute");
  return format.format(Math.ceil(seconds / 3600), "hour");
}

/** The sentence for a 429: when to try again, in the customer's language. */
export function throttledMessage(locale: KeyportLocale, error: unknown): string {
  const seconds = retryAfterOf(error);
  if (seconds === undefined) return loginFormMessages(locale, "error.throttled.later");
  return loginFormMessages(locale, "error.throttled", { when: describeWait(locale, seconds) });
}

/**
 * The API's reasons for a weak password (`describeWeakPassword` and the
 * schema's length rules) in the customer's language; an unknown reason is
 * shown as the API wrote it, so new rules still reach the customer.
 */
export function weakPasswordMessage(locale: KeyportLocale, reason: string): string {
  const say = (key: LoginFormMessageKey, params?: Record<string, number>) =>
    loginFormMessages(locale, key, params);
  const short = /^at least (\d+) characters/.exec(reason);
  if (short) return say("weak.too-short", { count: Number(short[1]) });
  const long = /^at most (\d+) characters/.exec(reason);
  if (long) return say("weak.too-long", { count: Number(long[1]) });
  if (reason.includes("most common passwords")) return say("weak.common");
  if (reason.includes("repeat a single character")) return say("weak.repeated");
  if (reason.includes("email address or name")) return say("weak.personal");
  const text = reason.trim();
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
}

/** The reasons a 422 gives for the new password (`body.password`), if it names that field. */
export function passwordReasonsOf(error: unknown): readonly string[] {
  const errors = (error as ErrorShape | null)?.fieldErrors ?? [];
  return errors.filter((entry) => entry.field === "body.password").map((entry) => entry.message);
}

/** A network failure (the SDK's status 0) or anything unexpected, as a form-wide sentence. */
export function unexpectedMessage(locale: KeyportLocale, error: unknown): string {
  const { status } = problemOf(error);
  return loginFormMessages(locale, status === 0 ? "error.network" : "error.generic");
}

/** A deliberately loose check: the API has the last word, this only catches typos early. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
