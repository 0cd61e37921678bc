import type { Kysely } from "kysely";
import {
  recordThrottleHit,
  secondsUntil,
  type ThrottleRule,
  throttleBlockedUntil,
} from "../auth/throttle-service.ts";
import { type InputError, invalidValue } from "../core/errors.ts";
import type { Database } from "../db/schema.ts";
import { verifyPassword } from "./password.ts";

/**
 * Wrong passwords and codes given to confirm a security change, per user: after 10
 * in 15 minutes the checks are refused, so a stolen session cannot guess the password.
 */
export const REVERIFY_THROTTLE: ThrottleRule = {
  limit: 10,
  windowMs: 15 * 60_000,
  blockMs: 15 * 60_000,
  maxBlockMs: 24 * 60 * 60_000,
};

/** A security change refused for now; `retryAfterSeconds` says when to try again. */
export interface Throttled {
  readonly status: "throttled";
  /** `checks`: too many wrong passwords or codes; `email_changes`: too many new addresses asked for. */
  readonly reason: "checks" | "email_changes";
  readonly retryAfterSeconds: number;
}

function reverifyKey(userId: string): string {
  return `reverify:user:${userId}`;
}

/** `Throttled` while the user's re-verification checks are blocked, else `null`. */
export async function reverificationThrottled(
  db: Kysely<Database>,
  userId: string,
  now: Date = new Date(),
): Promise<Throttled | null> {
  const blockedUntil = await throttleBlockedUntil(db, reverifyKey(userId), now);
  if (!blockedUntil) return null;
  return {
    status: "throttled",
    reason: "checks",
    retryAfterSeconds: secondsUntil(blockedUntil, now),
  };
}

/**
 * Counts a wrong password or code (outside any transaction, so the count stays) and
 * answers the `invalidValue` naming `field`, for the caller to throw.
 */
export async function countWrongAnswer(
  db: Kysely<Database>,
  userId: string,
  field: string,
  message: string,
): Promise<InputError> {
  await recordThrottleHit(db, reverifyKey(userId), REVERIFY_THROTTLE);
  return invalidValue(field, message);
}

/**
 * The re-authentication every security change starts with: the account's current
 * password, typed again in the same request. `Throttled` after too many wrong
 * answers; a wrong password throws the `invalidValue` naming `field` (and counts).
 *
 * @example
 * const throttled = await confirmPassword(db, user, body.password, "body.password");
 * if (throttled) return throttled;
 */
export async function confirmPassword(
  db: Kysely<Database>,
  user: { readonly id: string; readonly password_hash: string | null },
  password: string,
  field: string,
): Promise<Throttled | null> {
  const throttled = await reverificationThrottled(db, user.id);
  if (throttled) return throttled;
  if (!(await verifyPassword(user.password_hash, password))) {
    throw await countWrongAnswer(db, user.id, field, "is not your current password");
  }
  return null;
}
