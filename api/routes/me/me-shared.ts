import type { Context } from "hono";
import type { Kysely } from "kysely";
import { recordActivity } from "../../activity/activity-service.ts";
import type { AppEnv } from "../../core/deps.ts";
import type { Throttled } from "../../credentials/reauthentication.ts";
import type { SecurityCaller } from "../../credentials/security-change-service.ts";
import type { Database } from "../../db/schema.ts";
import { clientIp } from "../../http/client-ip.ts";
import { ProblemError } from "../../http/problem.ts";
import type { ProblemSet } from "../../http/problem-responses.ts";
import { sessionOf } from "../../http/session-auth.ts";

/** The answer of a route that makes a security change to a widget token without that scope. */
export const SECURITY_CHANGE_PROBLEMS = {
  403: {
    SECURITY_CHANGES_NOT_ALLOWED:
      "A widget (portal-session) token the vendor did not mint with `allowSecurityChanges`. Sign in to the portal to make this change.",
  },
} as const satisfies ProblemSet;

/** The further answer of a route that checks the password or a code (see `throttledProblem`). */
export const REVERIFY_PROBLEMS = {
  429: { RATE_LIMITED: "Too many wrong passwords or codes. Try again in 900 seconds." },
} as const satisfies ProblemSet;

/**
 * The caller of a security change (password, email, two-factor sign-in, recovery
 * codes), or 403 `SECURITY_CHANGES_NOT_ALLOWED` for a session that may not make one:
 * a widget token minted without `allowSecurityChanges`. Every security route gets
 * its caller here, so none can skip the check.
 */
export function securityCallerOf(c: Context<AppEnv>): SecurityCaller {
  const auth = sessionOf(c);
  if (!auth.securityChangesAllowed) {
    throw new ProblemError(403, "SECURITY_CHANGES_NOT_ALLOWED", {
      detail:
        "This session may not change the password, email address or two-factor sign-in. " +
        "Sign in to the portal to make this change.",
    });
  }
  return {
    userId: auth.userId,
    accountId: auth.accountId,
    sessionId: auth.sessionId,
    ip: clientIp(c) ?? null,
  };
}

/** The 429 for a throttled security change, for the route to throw. */
export function throttledProblem({ reason, retryAfterSeconds }: Throttled): ProblemError {
  return new ProblemError(429, "RATE_LIMITED", {
    detail:
      reason === "email_changes"
        ? "Too many changes of address requested. Try again later."
        : `Too many wrong passwords or codes. Try again in ${retryAfterSeconds} seconds.`,
    headers: { "Retry-After": String(retryAfterSeconds) },
    extensions: { retryAfter: retryAfterSeconds },
  });
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
