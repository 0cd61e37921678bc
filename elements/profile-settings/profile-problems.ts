import { intlLocaleTag, type KeyportLocale } from "../internal/i18n.ts";
import { type ProfileMessageKey, profileMessages } from "./profile-settings-messages.ts";

/** What a failed action means for its form: words per field, and words for the whole form. */
export interface FormProblem {
  /** By the form's own field names (`newEmail`, `currentPassword`). */
  readonly fields: Readonly<Record<string, string>>;
  readonly form?: string;
}

export const noProblem: FormProblem = { fields: {} };

interface ErrorShape {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly problem?: { readonly retryAfter?: unknown };
  readonly fieldErrors?: readonly { readonly field: string; readonly message: string }[];
}

const shapeOf = (error: unknown): ErrorShape =>
  typeof error === "object" && error !== null ? (error as ErrorShape) : {};

/** The HTTP status and problem code of an SDK-shaped error. */
export function problemCode(error: unknown): { status?: number; code?: string } {
  const { status, code } = shapeOf(error);
  return {
    ...(typeof status === "number" ? { status } : {}),
    ...(typeof code === "string" ? { code } : {}),
  };
}

/** The API's reasons, as it words them, turned into the customer's language. */
const reasons: readonly [RegExp, ProfileMessageKey][] = [
  [/^is not your current password/, "problem.wrong-password"],
  [/^is not the current code/, "problem.wrong-code"],
  [/^is neither a current code/, "problem.wrong-code-or-recovery"],
  [/is already taken/, "problem.email-taken"],
  [/^is already your address/, "problem.email-same"],
  [/^must be an email address/, "field.invalid.email"],
  [/^must be the 6-digit code/, "field.invalid.code"],
  [/most common passwords/, "weak.common"],
  [/repeat a single character/, "weak.repeated"],
  [/email address or name/, "weak.personal"],
];

/**
 * One field's reason from a 422 in the customer's language. Length rules keep
 * their number; a reason this element does not know yet is shown as the API
 * wrote it, so a new rule still reaches the customer.
 */
export function describeReason(
  locale: KeyportLocale,
  reason: string,
  { required, password = false }: { required: ProfileMessageKey; password?: boolean },
): string {
  const say = (key: ProfileMessageKey, params?: Record<string, number>) =>
    profileMessages(locale, key, params);
  if (/^must not be empty/.test(reason)) return say(required);
  const short = /^at least (\d+) characters/.exec(reason);
  if (short) return say("weak.too-short", { count: Number(short[1]) });
  const long = /^at most (\d+) characters/.exec(reason);
  if (long) return say(password ? "weak.too-long" : "problem.too-long", { count: Number(long[1]) });
  const known = reasons.find(([pattern]) => pattern.test(reason));
  if (known) return say(known[1]);
  const text = reason.trim();
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
}

/** How a form names the API's fields: `body.newEmail` → `{ name: "newEmail", required: … }`. */
export type FieldMap = Readonly<
  Record<
    string,
    { readonly name: string; readonly required: ProfileMessageKey; readonly password?: boolean }
  >
>;

/**
 * Reads a failed action for its form: the API's 422 (and a 409 naming a
 * field) goes next to the fields it names, anything else is one sentence for
 * the form: when to try again after a 429, a network failure, or a plain
 * "did not work".
 *
 * @example
 * readProblem("en", error, { "body.name": { name: "name", required: "field.required.name" } });
 */
export function readProblem(locale: KeyportLocale, error: unknown, map: FieldMap): FormProblem {
  const shape = shapeOf(error);
  const fields: Record<string, string> = {};
  for (const { field, message } of shape.fieldErrors ?? []) {
    const target = map[field];
    if (target === undefined || fields[target.name] !== undefined) continue;
    fields[target.name] = describeReason(locale, message, target);
  }
  if (Object.keys(fields).length > 0) return { fields };
  return { fields, form: formSentence(locale, error) };
}

/** The sentence for an action that failed without naming a field. */
export function formSentence(locale: KeyportLocale, error: unknown): string {
  const { status, code } = problemCode(error);
  if (code === "SECURITY_CHANGES_NOT_ALLOWED") {
    return profileMessages(locale, "problem.not-allowed");
  }
  if (status === 429) {
    const seconds = shapeOf(error).problem?.retryAfter;
    if (typeof seconds === "number" && seconds > 0) {
      return profileMessages(locale, "problem.throttled", { when: describeWait(locale, seconds) });
    }
    return profileMessages(locale, "problem.throttled.later");
  }
  return profileMessages(locale, status === 0 ? "problem.network" : "problem.generic");
}

/**
 * "in 45 seconds", "in 2 minutes": a wait rounded up, so nobody comes back too early.
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
