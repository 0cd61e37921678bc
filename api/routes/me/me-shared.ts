import type { Context } from "hono";
import type { Kysely } from "kysely";
import { wantsSecurityNotices } from "../../accounts/notification-preferences.ts";
import { recordActivity } from "../../activity/activity-service.ts";
import {
  recordThrottleHit,
  secondsUntil,
  type ThrottleRule,
  throttleBlockedUntil,
} from "../../auth/throttle-service.ts";
import type { AppDeps, AppEnv } from "../../core/deps.ts";
import { verifyPassword } from "../../credentials/password.ts";
import type { Database } from "../../db/schema.ts";
import { clientIp } from "../../http/client-ip.ts";
import { ProblemSchema } from "../../http/openapi.ts";
import { fieldProblem, ProblemError } from "../../http/problem.ts";
import { sessionOf } from "../../http/session-auth.ts";
import { enqueueMail } from "../../mail/mail-outbox.ts";
import { type SecurityNoticeKind, securityNoticeMail } from "../../mail/mail-templates.ts";

/**
 * Wrong passwords and codes given to confirm a change, per user: after 10 in
 * 15 minutes the checks answer 429, so a stolen session cannot guess the password.
 */
export const REVERIFY_THROTTLE: ThrottleRule = {
  limit: 10,
  windowMs: 15 * 60_000,
  blockMs: 15 * 60_000,
  maxBlockMs: 24 * 60 * 60_000,
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The further error answers of the routes that take a body and check a password or code. */
export const meProblemResponses = {
  415: problem("The body is not `application/json`."),
  429: problem("Too many wrong passwords or codes; `Retry-After` says when to try again."),
} as const;

function reverifyKey(userId: string): string {
  return `reverify:user:${userId}`;
}

/** 429 while the user's re-verification checks are blocked. */
export async function assertNotThrottled(db: Kysely<Database>, userId: string): Promise<void> {
  const blockedUntil = await throttleBlockedUntil(db, reverifyKey(userId));
  if (!blockedUntil) return;
  const seconds = secondsUntil(blockedUntil);
  throw new ProblemError(429, "RATE_LIMITED", {
    detail: `Too many wrong passwords or codes. Try again in ${seconds} seconds.`,
    headers: { "Retry-After": String(seconds) },
    extensions: { retryAfter: seconds },
  });
}

/**
 * Counts a wrong password or code (outside any transaction, so the count stays)
 * and answers the 422 naming `field`, for the caller to throw.
 */
export async function failedCheck(
  db: Kysely<Database>,
  userId: string,
  field: string,
  message: string,
): Promise<ProblemError> {
  await recordThrottleHit(db, reverifyKey(userId), REVERIFY_THROTTLE);
  return fieldProblem(field, message);
}

/**
 * Confirms the caller knows the account's password before a sensitive change;
 * otherwise a 422 naming `field` (and 429 after too many wrong ones).
 */
export async function assertPassword(
  db: Kysely<Database>,
  user: { readonly id: string; readonly password_hash: string | null },
  password: string,
  field: string,
): Promise<void> {
  await assertNotThrottled(db, user.id);
  if (!(await verifyPassword(user.password_hash, password))) {
    throw await failedCheck(db, user.id, field, "is not your current password");
  }
}

/** Records a customer's change in the account's activity, with the caller's address. */
export function recordMyActivity(
  db: Kysely<Database>,
  c: Context<AppEnv>,
  action: string,
  data?: Record<string, unknown>,
): Promise<string> {
  const auth = sessionOf(c);
  return recordActivity(db, {
    accountId: auth.accountId,
    actor: "customer",
    action,
    userId: auth.userId,
    subjectType: "user",
    subjectId: auth.userId,
    ip: clientIp(c),
    ...(data ? { data } : {}),
  });
}

/** Queues a security notice to the user's address, unless they turned such notices off. */
export async function sendSecurityNotice(
  db: Kysely<Database>,
  { config }: Pick<AppDeps, "config">,
  user: { readonly id: string; readonly email: string; readonly name: string },
  kind: SecurityNoticeKind,
  at: Date = new Date(),
): Promise<void> {
  if (!(await wantsSecurityNotices(db, user.id))) return;
  await enqueueMail(
    db,
    securityNoticeMail(user.email, { kind, name: user.name, at, link: config.publicUrl }),
  );
}
