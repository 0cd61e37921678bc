import { getUser } from "../accounts/user-service.ts";
import { recordActivity } from "../activity/activity-service.ts";
import { revokeUserSessions } from "../auth/session-service.ts";
import type { AppDeps } from "../core/deps.ts";
import type { User } from "../db/schema.ts";
import {
  confirmPassword,
  countWrongAnswer,
  reverificationThrottled,
  type Throttled,
} from "./reauthentication.ts";
import {
  recordSecurityChange,
  type SecurityCaller,
  type SecurityDeps,
  securityUserOf,
  sendSecurityNotice,
} from "./security-change-service.ts";
import {
  disableTotp,
  enableTotp,
  replaceRecoveryCodes,
  startTotpSetup,
  type TotpSetup,
  verifyTotpForLogin,
} from "./totp-service.ts";

/**
 * Two-factor sign-in as security changes (see `security-change-service.ts`): setup
 * after the password, enabling with the pending key's code, turning off and new
 * recovery codes with the password and a second factor — and the vendor's reset,
 * the recovery path for a customer locked out.
 */

/**
 * Starts setting up two-factor sign-in after the password: a new pending key,
 * shown only in this answer, so only someone who passed this check can enable it.
 */
export async function beginTotpSetup(
  deps: SecurityDeps,
  caller: SecurityCaller,
  password: string,
): Promise<
  | { readonly status: "started"; readonly setup: TotpSetup }
  | { readonly status: "already_on" }
  | Throttled
> {
  const { db, secrets } = deps;
  const user = await securityUserOf(db, caller);
  if (user.totp_enabled_at) return { status: "already_on" };
  const throttled = await confirmPassword(db, user, password, "body.password");
  if (throttled) return throttled;
  const setup = await db.transaction().execute(async (trx) => {
    const started = await startTotpSetup(trx, secrets, user);
    if (started) await recordSecurityChange(trx, caller, "totp.setup_started");
    return started;
  });
  return setup ? { status: "started", setup } : { status: "already_on" };
}

/**
 * Turns two-factor sign-in on with a current code of the pending key; answers the
 * 10 recovery codes once. A wrong code throws the `invalidValue` of `body.code`.
 */
export async function turnOnTotp(
  deps: SecurityDeps,
  caller: SecurityCaller,
  code: string,
): Promise<
  | { readonly status: "enabled"; readonly recoveryCodes: readonly string[] }
  | { readonly status: "not_pending" }
  | Throttled
> {
  const { db, secrets } = deps;
  const throttled = await reverificationThrottled(db, caller.userId);
  if (throttled) return throttled;
  const result = await db.transaction().execute(async (trx) => {
    const enabled = await enableTotp(trx, secrets, caller.userId, code);
    if (enabled.status === "enabled") {
      await recordSecurityChange(trx, caller, "totp.enabled");
      await sendSecurityNotice(trx, deps, await securityUserOf(trx, caller), "totp_enabled");
    }
    return enabled;
  });
  if (result.status === "invalid_code") {
    throw await countWrongAnswer(
      db,
      caller.userId,
      "body.code",
      "is not the current code of the app",
    );
  }
  return result;
}

/**
 * The password and a second factor (a code of the app or an unused recovery code),
 * as turning two-factor sign-in off and replacing the recovery codes ask for.
 */
async function confirmBothFactors(
  deps: SecurityDeps,
  user: User,
  { password, code }: { password: string; code: string },
): Promise<Throttled | "ok" | "recovery"> {
  const throttled = await confirmPassword(deps.db, user, password, "body.password");
  if (throttled) return throttled;
  const verified = await verifyTotpForLogin(deps.db, deps.secrets, user, code);
  if (verified === "invalid") {
    throw await countWrongAnswer(
      deps.db,
      user.id,
      "body.code",
      "is neither a current code nor an unused recovery code",
    );
  }
  return verified;
}

/** Turns two-factor sign-in off: forgets the key and every recovery code. */
export async function turnOffTotp(
  deps: SecurityDeps,
  caller: SecurityCaller,
  answers: { password: string; code: string },
): Promise<{ readonly status: "disabled" } | { readonly status: "not_on" } | Throttled> {
  const user = await securityUserOf(deps.db, caller);
  if (!user.totp_enabled_at) return { status: "not_on" };
  const verified = await confirmBothFactors(deps, user, answers);
  if (typeof verified === "object") return verified;
  await deps.db.transaction().execute(async (trx) => {
    if (verified === "recovery") await recordSecurityChange(trx, caller, "recovery_code.used");
    await disableTotp(trx, user.id);
    await recordSecurityChange(trx, caller, "totp.disabled");
    await sendSecurityNotice(trx, deps, user, "totp_disabled");
  });
  return { status: "disabled" };
}

/** Replaces every recovery code with 10 new ones, answered once; the old ones stop working. */
export async function regenerateRecoveryCodes(
  deps: SecurityDeps,
  caller: SecurityCaller,
  answers: { password: string; code: string },
): Promise<
  | { readonly status: "replaced"; readonly recoveryCodes: readonly string[] }
  | { readonly status: "not_on" }
  | Throttled
> {
  const user = await securityUserOf(deps.db, caller);
  if (!user.totp_enabled_at) return { status: "not_on" };
  const verified = await confirmBothFactors(deps, user, answers);
  if (typeof verified === "object") return verified;
  const recoveryCodes = await deps.db.transaction().execute(async (trx) => {
    if (verified === "recovery") await recordSecurityChange(trx, caller, "recovery_code.used");
    const codes = await replaceRecoveryCodes(trx, user.id);
    await recordSecurityChange(trx, caller, "recovery_codes.replaced");
    await sendSecurityNotice(trx, deps, user, "recovery_codes_replaced");
    return codes;
  });
  return { status: "replaced", recoveryCodes };
}

/**
 * The vendor's recovery path for a customer locked out of two-factor sign-in (lost
 * phone and codes, or a factor someone else set up): forgets the key (pending or
 * on) and the recovery codes and ends every session of the user, recorded in the
 * account's activity as the vendor's `totp.reset` and told to the user by mail.
 * `null` for an unknown user; a user without a key changes nothing.
 *
 * @example
 * const reset = await resetUserTotp(deps, "usr_…");
 */
export async function resetUserTotp(
  deps: Pick<AppDeps, "db" | "config">,
  userId: string,
): Promise<{
  readonly user: User;
  readonly reset: boolean;
  readonly sessionsEnded: number;
} | null> {
  return deps.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .selectAll()
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return null;
    if (!user.totp_secret_encrypted && !user.totp_enabled_at) {
      return { user, reset: false, sessionsEnded: 0 };
    }
    const now = new Date();
    await disableTotp(trx, user.id);
    const sessionsEnded = await revokeUserSessions(trx, user.id, { now });
    await recordActivity(trx, {
      accountId: user.account_id,
      actor: "vendor",
      action: "totp.reset",
      subjectType: "user",
      subjectId: user.id,
      data: { wasEnabled: user.totp_enabled_at !== null, sessionsEnded },
    });
    if (user.totp_enabled_at) await sendSecurityNotice(trx, deps, user, "totp_reset", now);
    const after = await getUser(trx, user.id);
    return { user: after ?? user, reset: true, sessionsEnded };
  });
}
