import type { Kysely } from "kysely";
import { issueOneTimeToken } from "../auth/one-time-token-service.ts";
import type { Config } from "../config/config.ts";
import { invalidState } from "../core/errors.ts";
import { DAY_MS } from "../core/time.ts";
import type { Database, User } from "../db/schema.ts";
import { enqueueMail } from "../mail/mail-outbox.ts";
import { invitationMail } from "../mail/mail-templates.ts";

/** An invitation link works this long. */
export const INVITATION_LIFETIME_MS = 7 * DAY_MS;

export interface Invitation {
  readonly email: string;
  readonly expiresAt: Date;
}

/**
 * Issues an invitation token (7 days, single use; an earlier unused invitation
 * stops working) and queues the mail whose link lets the user choose a password
 * (`${publicUrl}/accept-invitation?token=…`, confirmed through
 * `POST /v1/auth/password-reset/confirm`). Call it in the transaction that
 * creates the user, so there is never one without the other.
 *
 * @example
 * await db.transaction().execute(async (trx) => inviteUser(trx, config, await createUser(trx, input)));
 */
export async function inviteUser(
  db: Kysely<Database>,
  config: Pick<Config, "publicUrl">,
  user: Pick<User, "id" | "email" | "name" | "account_id">,
  { now = new Date() }: { now?: Date } = {},
): Promise<Invitation> {
  const account = await db
    .selectFrom("accounts")
    .select("name")
    .where("id", "=", user.account_id)
    .executeTakeFirst();
  const { token, expiresAt } = await issueOneTimeToken(db, {
    userId: user.id,
    purpose: "invitation",
    lifetimeMs: INVITATION_LIFETIME_MS,
    now,
  });
  await enqueueMail(
    db,
    invitationMail(user.email, {
      link: `${config.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`,
      name: user.name,
      ...(account ? { accountName: account.name } : {}),
      validDays: INVITATION_LIFETIME_MS / DAY_MS,
    }),
  );
  return { email: user.email, expiresAt };
}

/**
 * Sends a user a new invitation (the previous link stops working); `null` when
 * there is no such user. A user who has set a password already is an
 * `invalidState` of `path.id`. The user row is locked, so two concurrent resends
 * leave one working link.
 */
export async function resendInvitation(
  db: Kysely<Database>,
  config: Pick<Config, "publicUrl">,
  userId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<Invitation | null> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "name", "account_id", "password_hash"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return null;
    if (user.password_hash !== null) {
      throw invalidState("path.id", "the user has set a password already; no invitation needed");
    }
    return inviteUser(trx, config, user, { now });
  });
}
