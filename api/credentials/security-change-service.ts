import type { Kysely } from "kysely";
import { wantsSecurityNotices } from "../accounts/notification-preferences.ts";
import {
  confirmEmailChange,
  EMAIL_CHANGE_TTL_MS,
  setPasswordHash,
  startEmailChange,
} from "../accounts/profile-service.ts";
import { getUser } from "../accounts/user-service.ts";
import { recordActivity } from "../activity/activity-service.ts";
import { revokeUserSessions } from "../auth/session-service.ts";
import { consumeThrottle } from "../auth/throttle-service.ts";
import type { AppDeps } from "../core/deps.ts";
import { invalidValue } from "../core/errors.ts";
import type { Database, User } from "../db/schema.ts";
import { enqueueMail } from "../mail/mail-outbox.ts";
import {
  emailChangeConfirmMail,
  emailChangedNoticeMail,
  type SecurityNoticeKind,
  securityNoticeMail,
} from "../mail/mail-templates.ts";
import { hashPassword } from "./password.ts";
import { describeWeakPassword } from "./password-policy.ts";
import { confirmPassword, type Throttled } from "./reauthentication.ts";

/**
 * The customer's own security changes — password and email address here, two-factor
 * sign-in and recovery codes in `two-factor-change-service.ts` — each a workflow: re-authenticate (the current password
 * in the request; wrong ones are counted and throttled), change, record it in the
 * activity trail and mail a security notice, in one transaction. The HTTP edge has
 * already refused sessions that may not make security changes (widget tokens the
 * vendor did not allow them). A wrong password or code throws the `invalidValue`
 * naming the field.
 */

/** What the security workflows need of the app. */
export type SecurityDeps = Pick<AppDeps, "db" | "config" | "secrets">;

/** Who asks for the change: the signed-in user, their session and address. */
export interface SecurityCaller {
  readonly userId: string;
  readonly accountId: string;
  readonly sessionId: string;
  readonly ip: string | null;
}

/** Requests for a change of address (each sends a mail to a new address), per user. */
const EMAIL_CHANGE_THROTTLE = { limit: 5, windowMs: 60 * 60_000, blockMs: 60 * 60_000 };

/** Records the caller's change in the account's activity, with their address. */
export function recordSecurityChange(
  db: Kysely<Database>,
  caller: SecurityCaller,
  action: string,
  data?: Record<string, unknown>,
): Promise<string> {
  return recordActivity(db, {
    accountId: caller.accountId,
    actor: "customer",
    action,
    userId: caller.userId,
    subjectType: "user",
    subjectId: caller.userId,
    ip: caller.ip,
    ...(data ? { data } : {}),
  });
}

/** Queues a security notice to the user's address, unless they turned such notices off. */
export async function sendSecurityNotice(
  db: Kysely<Database>,
  { config }: Pick<AppDeps, "config">,
  user: {
    readonly id: string;
    readonly email: string;
    readonly name: string;
    readonly timezone: string;
  },
  kind: SecurityNoticeKind,
  at: Date = new Date(),
): Promise<void> {
  if (!(await wantsSecurityNotices(db, user.id))) return;
  await enqueueMail(
    db,
    securityNoticeMail(user.email, {
      kind,
      name: user.name,
      at,
      timeZone: user.timezone,
      link: config.publicUrl,
    }),
  );
}

/** The caller's user row; a live session without one is a broken invariant. */
export async function securityUserOf(db: Kysely<Database>, caller: SecurityCaller): Promise<User> {
  const user = await getUser(db, caller.userId);
  // The session was valid a moment ago and sessions go with their user.
  if (!user) throw new Error(`user ${caller.userId} vanished behind a live session`);
  return user;
}

/** Changes the password; ends every other session of the user and mails a notice. */
export async function changePassword(
  deps: SecurityDeps,
  caller: SecurityCaller,
  { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
): Promise<{ readonly status: "changed"; readonly sessionsEnded: number } | Throttled> {
  const { db } = deps;
  const user = await securityUserOf(db, caller);
  const throttled = await confirmPassword(db, user, currentPassword, "body.currentPassword");
  if (throttled) return throttled;
  const weak = describeWeakPassword(newPassword, { email: user.email, name: user.name });
  if (weak) throw invalidValue("body.newPassword", weak);
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  const sessionsEnded = await db.transaction().execute(async (trx) => {
    // Under the user row's lock: a change that committed since the check above has made the
    // password given here an old one, so this change is refused as a wrong one would be
    // (not counted: it was right when it was typed).
    const locked = await trx
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", user.id)
      .forUpdate()
      .executeTakeFirst();
    if (locked?.password_hash !== user.password_hash) {
      throw invalidValue("body.currentPassword", "is not your current password");
    }
    await setPasswordHash(trx, user.id, passwordHash);
    const ended = await revokeUserSessions(trx, user.id, {
      exceptSessionId: caller.sessionId,
      now,
    });
    await recordSecurityChange(trx, caller, "password.changed", { sessionsEnded: ended });
    await sendSecurityNotice(trx, deps, user, "password_changed", now);
    return ended;
  });
  return { status: "changed", sessionsEnded };
}

/** Starts a change of address: mails a confirmation link to the new one. */
export async function requestEmailChange(
  deps: SecurityDeps,
  caller: SecurityCaller,
  { newEmail, password }: { newEmail: string; password: string },
): Promise<
  { readonly status: "started"; readonly newEmail: string; readonly expiresAt: Date } | Throttled
> {
  const { db, config } = deps;
  const user = await securityUserOf(db, caller);
  const throttled = await confirmPassword(db, user, password, "body.password");
  if (throttled) return throttled;
  const allowed = await consumeThrottle(db, `email-change:user:${user.id}`, EMAIL_CHANGE_THROTTLE);
  if (!allowed.allowed) {
    return {
      status: "throttled",
      reason: "email_changes",
      retryAfterSeconds: allowed.retryAfterSeconds,
    };
  }
  return db.transaction().execute(async (trx) => {
    const started = await startEmailChange(trx, {
      userId: user.id,
      currentEmail: user.email,
      newEmail,
    });
    const link = `${config.publicUrl}/confirm-email?token=${encodeURIComponent(started.token)}`;
    await enqueueMail(
      trx,
      emailChangeConfirmMail(started.newEmail, {
        link,
        name: user.name,
        validMinutes: EMAIL_CHANGE_TTL_MS / 60_000,
      }),
    );
    await recordSecurityChange(trx, caller, "email.change_requested", {
      newEmail: started.newEmail,
    });
    return { status: "started", newEmail: started.newEmail, expiresAt: started.expiresAt };
  });
}

/**
 * Confirms a change of address with the mailed token (which proves the new address;
 * the request for it proved the password); tells the old address. `null` when the
 * token is not valid for this user any more.
 */
export async function completeEmailChange(
  deps: SecurityDeps,
  caller: SecurityCaller,
  token: string,
): Promise<{ readonly oldEmail: string; readonly newEmail: string } | null> {
  const now = new Date();
  return deps.db.transaction().execute(async (trx) => {
    const changed = await confirmEmailChange(trx, { userId: caller.userId, token, now });
    if (!changed) return null;
    const user = await getUser(trx, caller.userId);
    await enqueueMail(
      trx,
      emailChangedNoticeMail(changed.oldEmail, {
        newEmail: changed.newEmail,
        ...(user ? { name: user.name } : {}),
        at: now,
        timeZone: user?.timezone ?? "UTC",
      }),
    );
    await recordSecurityChange(trx, caller, "email.changed", changed);
    return changed;
  });
}
