import type { KeyportLocale } from "../internal/i18n.ts";
/** What an API answer means for the form: a message for the form, or for one of its fields. */
export interface FormProblem {
    /** The field to mark invalid and focus; none for a form-wide message. */
    readonly field?: LoginField;
    readonly message: string;
}
export type LoginField = "email" | "password" | "code" | "new-password" | "confirm-password";
/** The error's HTTP status and problem code, for any SDK-shaped error. */
export declare function problemOf(error: unknown): {
    status: number | undefined;
    code: string | undefined;
};
/** The `retryAfter` seconds of a 429 (the API's problem extension, mirrored in `Retry-After`). */
export declare function retryAfterOf(error: unknown): number | undefined;
/**
 * "in 45 seconds", "in 2 minutes", "in 1 hour": the wait rounded up to the
 * largest unit that fits, so a customer never comes back too early.
 *
 * @example
 * describeWait("en", 95); // "in 2 minutes"
 */
export declare function describeWait(locale: KeyportLocale, seconds: number): string;
/** The sentence for a 429: when to try again, in the customer's language. */
export declare function throttledMessage(locale: KeyportLocale, error: unknown): string;
/**
 * The API's reasons for a weak password (`describeWeakPassword` and the
 * schema's length rules) in the customer's language; an unknown reason is
 * shown as the API wrote it, so new rules still reach the customer.
 */
export declare function weakPasswordMessage(locale: KeyportLocale, reason: string): string;
/** The reasons a 422 gives for the new password (`body.password`), if it names that field. */
export declare function passwordReasonsOf(error: unknown): readonly string[];
/** A network failure (the SDK's status 0) or anything unexpected, as a form-wide sentence. */
export declare function unexpectedMessage(locale: KeyportLocale, error: unknown): string;
/** A deliberately loose check: the API has the last word, this only catches typos early. */
export declare function looksLikeEmail(value: string): boolean;
