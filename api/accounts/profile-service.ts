import type { Kysely } from "kysely";
import {
  findUsableToken,
  issueOneTimeToken,
  useOneTimeToken,
} from "../auth/one-time-token-service.ts";
import { duplicate, invalidValue } from "../core/errors.ts";
import { DAY_MS } from "../core/time.ts";
import type { AccountKind, Database, Role } from "../db/schema.ts";
import { normalizeEmail } from "./user-service.ts";

/** How long the link that confirms a new address works. */
export const EMAIL_CHANGE_TTL_MS = DAY_MS;

/** A signed-in user as Profile & Security shows them. */
export interface Profile {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly timezone: string;
  readonly locale: string;
  readonly twoFactorEnabled: boolean;
  readonly account: { readonly id: string; readonly name: string; readonly kind: AccountKind };
  readonly createdAt: Date;
}

/** The user with their account, or `null` when there is no such user. */
export async function getProfile(db: Kysely<Database>, userId: string): Promise<Profile | null> {
  const row = await db
    .selectFrom("users")
    .innerJoin("accounts", "accounts.id", "users.account_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.timezone",
      "users.locale",
      "users.totp_enabled_at",
      "users.created_at",
      "accounts.id as account_id",
      "accounts.name as account_name",
      "accounts.kind as account_kind",
    ])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    timezone: row.timezone,
    locale: row.locale,
    twoFactorEnabled: row.totp_enabled_at !== null,
    account: { id: row.account_id, name: row.account_name, kind: row.account_kind },
    createdAt: row.created_at,
  };
}

/** Stores a new password hash (hashed by the caller, outside any transaction). */
export async function setPasswordHash(
  db: Kysely<Database>,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
}

/**
 * Starts a change of address: a single-use token (stored as its SHA-256) for the
 * link mailed to the new address. Earlier unconfirmed requests stop working. A
 * taken address is a `duplicate` of `body.newEmail`; the current one an `invalidValue`.
 *
 * @example
 * const { token, expiresAt } = await startEmailChange(trx, { userId, currentEmail, newEmail });
 */
export async function startEmailChange(
  db: Kysely<Database>,
  {
    userId,
    currentEmail,
    newEmail,
    now = new Date(),
  }: { userId: string; currentEmail: string; newEmail: string; now?: Date },
): Promise<{ readonly token: string; readonly newEmail: string; readonly expiresAt: Date }> {
  const email = normalizeEmail(newEmail);
  if (email === normalizeEmail(currentEmail)) {
    throw invalidValue("body.newEmail", "is already your address");
  }
  await assertEmailFree(db, email, "body.newEmail");
  const { token, expiresAt } = await issueOneTimeToken(db, {
    userId,
    purpose: "email_change",
    lifetimeMs: EMAIL_CHANGE_TTL_MS,
    data: { newEmail: email },
    now,
  });
  return { token, newEmail: email, expiresAt };
}

/**
 * Confirms a change of address with the token from the link: `null` when the token
 * is unknown, another user's, used or expired. An address taken meanwhile is a
 * `duplicate` of `body.token`. Run it in a transaction, so a failed change leaves
 * the token usable.
 */
export async function confirmEmailChange(
  db: Kysely<Database>,
  { userId, token, now = new Date() }: { userId: string; token: string; now?: Date },
): Promise<{ readonly oldEmail: string; readonly newEmail: string } | null> {
  const found = await findUsableToken(db, token, ["email_change"], now);
  if (!found || found.userId !== userId) return null;
  const newEmail = typeof found.data.newEmail === "string" ? found.data.newEmail : null;
  if (!newEmail) return null;
  // Claimed first: of two concurrent confirmations exactly one goes on.
  if (!(await useOneTimeToken(db, found.tokenId, now))) return null;
  const user = await db
    .selectFrom("users")
    .select("email")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return null;
  await assertEmailFree(db, newEmail, "body.token", userId);
  try {
    await db
      .updateTable("users")
      .set({ email: newEmail, updated_at: now })
      .where("id", "=", userId)
      .execute();
  } catch (error) {
    // Another user claimed the address between our check and the update.
    if ((error as { code?: unknown }).code === "23505") {
      throw duplicate("body.token", `"${newEmail}" was taken meanwhile`);
    }
    throw error;
  }
  return { oldEmail: user.email, newEmail };
}

async function assertEmailFree(
  db: Kysely<Database>,
  email: string,
  field: string,
  exceptUserId?: string,
): Promise<void> {
  let query = db.selectFrom("users").select("id").where("email", "=", email);
  if (exceptUserId) query = query.where("id", "!=", exceptUserId);
  if (await query.executeTakeFirst()) throw duplicate(field, `"${email}" is already taken`);
}
