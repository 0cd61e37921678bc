import type { Kysely } from "kysely";
import { wantsSecurityNotices } from "../accounts/notification-preferences.ts";
import { getUserByEmail, normalizeEmail } from "../accounts/user-service.ts";
import { recordActivity } from "../activity/activity-service.ts";
import {
  dropUnusedTokens,
  findUsableToken,
  issueOneTimeToken,
  useOneTimeToken,
} from "../auth/one-time-token-service.ts";
import { revokeUserSessions } from "../auth/session-service.ts";
import { consumeThrottle, type ThrottleRule } from "../auth/throttle-service.ts";
import type { Config } from "../config/config.ts";
import type { BackgroundWork } from "../core/background-work.ts";
import { invalidValue } from "../core/errors.ts";
import { HOUR_MS } from "../core/time.ts";
import type { Database, TokenPurpose } from "../db/schema.ts";
import { enqueueMail } from "../mail/mail-outbox.ts";
import { passwordResetMail, securityNoticeMail } from "../mail/mail-templates.ts";
import { hashPassword } from "./password.ts";
import { describeWeakPassword } from "./password-policy.ts";

/** A reset link works this long. */
export const PASSWORD_RESET_LIFETIME_MS = HOUR_MS;

/** Reset mails per address: 3 an hour, whether or not the address has an account. */
export const PASSWORD_RESET_THROTTLE: ThrottleRule = {
  limit: 3,
  windowMs: HOUR_MS,
  blockMs: HOUR_MS,
};

/** The purposes whose link lets its holder choose a password. */
const PASSWORD_PURPOSES: readonly TokenPurpose[] = ["password_reset", "invitation"];

export type PasswordResetRequest =
  | { readonly throttled: false }
  | { readonly throttled: true; readonly retryAfterSeconds: number };

/**
 * Asks for a reset link for `email`. Known and unknown addresses take the same
 * path up to the answer: the same throttle (3 an hour per address), then one
 * background task; the caller answers without waiting for it. The task looks
 * the address up and, for a known user, issues a one-hour, single-use token
 * (older unused reset links stop working) and queues the mail, in one
 * transaction. Neither the outcome nor its timing says whether the address has
 * an account.
 *
 * @example
 * const outcome = await requestPasswordReset({ db, config, background }, "ada@example.com");
 * if (outcome.throttled) throw tooManyRequests(outcome.retryAfterSeconds);
 */
export async function requestPasswordReset(
  {
    db,
    config,
    background,
  }: {
    readonly db: Kysely<Database>;
    readonly config: Pick<Config, "publicUrl">;
    readonly background: BackgroundWork;
  },
  email: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<PasswordResetRequest> {
  const address = normalizeEmail(email);
  const throttle = await consumeThrottle(db, `reset:${address}`, PASSWORD_RESET_THROTTLE, now);
  if (!throttle.allowed) return { throttled: true, retryAfterSeconds: throttle.retryAfterSeconds };
  background.run("password reset mail", () => mailPasswordReset(db, config, address, now));
  return { throttled: false };
}

/** The work behind a reset request, after the answer: for a known user, a token and its mail. */
async function mailPasswordReset(
  db: Kysely<Database>,
  config: Pick<Config, "publicUrl">,
  address: string,
  now: Date,
): Promise<void> {
  const user = await getUserByEmail(db, address);
  if (!user) return;
  await db.transaction().execute(async (trx) => {
    const { token } = await issueOneTimeToken(trx, {
      userId: user.id,
      purpose: "password_reset",
      lifetimeMs: PASSWORD_RESET_LIFETIME_MS,
      now,
    });
    await enqueueMail(
      trx,
      passwordResetMail(user.email, {
        link: `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
        name: user.name,
        validMinutes: PASSWORD_RESET_LIFETIME_MS / 60_000,
      }),
    );
  });
}

export interface PasswordSet {
  readonly userId: string;
  readonly accountId: string;
  /** Which kind of link set it. */
  readonly purpose: TokenPurpose;
  /** How many sessions it ended. */
  readonly endedSessions: number;
}

/**
 * Sets a password with the token of a reset or invitation link. The token must
 * be unused and unexpired (else `null`: the same answer for unknown, used and
 * expired); a weak password is an `invalidValue` of `body.password` and leaves
 * the token usable. In one transaction the token is claimed (of two concurrent
 * confirmations exactly one wins), the password set, every session of the user
 * ended, other password links dropped, the activity written and, for a reset,
 * a security notice queued.
 *
 * @example
 * const done = await confirmPasswordReset(db, config, { token, password, ip });
 * if (!done) throw tokenInvalid();
 */
export async function confirmPasswordReset(
  db: Kysely<Database>,
  config: Pick<Config, "publicUrl">,
  input: { token: string; password: string; ip?: string | null },
  { now = new Date() }: { now?: Date } = {},
): Promise<PasswordSet | null> {
  const found = await findUsableToken(db, input.token, PASSWORD_PURPOSES, now);
  if (!found) return null;
  const user = await db
    .selectFrom("users")
    .select(["id", "account_id", "email", "name", "timezone"])
    .where("id", "=", found.userId)
    .executeTakeFirst();
  if (!user) return null;
  const weak = describeWeakPassword(input.password, { email: user.email, name: user.name });
  if (weak) throw invalidValue("body.password", weak);
  // Hashed before the transaction: argon2 takes tens of milliseconds that no lock should wait on.
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (!(await useOneTimeToken(trx, found.tokenId, now))) return null;
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: now })
      .where("id", "=", user.id)
      .execute();
    const endedSessions = await revokeUserSessions(trx, user.id, { now });
    await dropUnusedTokens(trx, user.id, PASSWORD_PURPOSES);
    const isReset = found.purpose === "password_reset";
    await recordActivity(trx, {
      accountId: user.account_id,
      actor: "customer",
      action: isReset ? "password.reset" : "invitation.accepted",
      userId: user.id,
      subjectType: "user",
      subjectId: user.id,
      data: { endedSessions },
      ip: input.ip ?? null,
    });
    if (isReset && (await wantsSecurityNotices(trx, user.id))) {
      await enqueueMail(
        trx,
        securityNoticeMail(user.email, {
          kind: "password_reset",
          name: user.name,
          at: now,
          timeZone: user.timezone,
          link: config.publicUrl,
        }),
      );
    }
    return { userId: user.id, accountId: user.account_id, purpose: found.purpose, endedSessions };
  });
}
