import type { Kysely } from "kysely";
import { duplicate, invalidState, unknownReference } from "../core/errors.ts";
import { createId, isId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import { hashPassword } from "../credentials/password.ts";
import type { Database, Role, User } from "../db/schema.ts";
import type { Locale } from "./user-preferences.ts";

export interface UserInput {
  readonly accountId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Plain text; stored only as an argon2id hash. Without one the user cannot sign in yet. */
  readonly password?: string | undefined;
  /** An IANA zone (checked by the caller with `isTimeZone`); defaults to `UTC`. */
  readonly timezone?: string | undefined;
  /** Defaults to `en`. */
  readonly locale?: Locale | undefined;
}

export interface UserPatch {
  readonly name?: string | undefined;
  readonly role?: Role | undefined;
  readonly timezone?: string | undefined;
  readonly locale?: Locale | undefined;
  readonly email?: string | undefined;
}

export interface UserListOptions extends PageOptions {
  /** Only users of this account. */
  readonly accountId?: string | undefined;
}

/**
 * The one spelling of an address we store and compare: trimmed, lower case.
 *
 * @example
 * normalizeEmail("  Ada@Example.COM "); // "ada@example.com"
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates a user in an existing account. A taken address (in any letter case) is a
 * `duplicate` of `body.email`; an unknown account an `unknownReference` of `body.accountId`.
 *
 * @example
 * await createUser(db, { accountId, email: "ada@example.com", name: "Ada", role: "owner" });
 */
export async function createUser(db: Kysely<Database>, input: UserInput): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!(await accountExists(db, input.accountId))) {
    throw unknownReference("body.accountId", `no account "${input.accountId}"`);
  }
  await assertEmailFree(db, email);
  // Hashed only once the input is known good: argon2 spends ~19 MiB and tens of milliseconds.
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  // One insert, so no transaction of our own (callers may pass theirs): a concurrent claim
  // of the address still fails on users_email_key (→ 409), and accounts are never deleted.
  return db
    .insertInto("users")
    .values({
      id: createId("usr"),
      account_id: input.accountId,
      email,
      name: input.name,
      role: input.role,
      password_hash: passwordHash,
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getUser(db: Kysely<Database>, id: string): Promise<User | null> {
  return (await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

/** The user with this address (in any letter case), if any. */
export async function getUserByEmail(db: Kysely<Database>, email: string): Promise<User | null> {
  return (
    (await db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", normalizeEmail(email))
      .executeTakeFirst()) ?? null
  );
}

/** One page of users, newest first, optionally of one account; fetches `limit + 1` rows. */
export async function listUsers(
  db: Kysely<Database>,
  { accountId, after, limit }: UserListOptions,
): Promise<User[]> {
  let query = db.selectFrom("users").selectAll();
  if (accountId !== undefined) query = query.where("account_id", "=", accountId);
  if (after) query = query.where("id", "<", after);
  return query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}

/**
 * Applies the given fields; `null` when there is no such user. Taking the owner role
 * away from an account's last owner is an `invalidState` of `body.role`.
 */
export async function updateUser(
  db: Kysely<Database>,
  id: string,
  patch: UserPatch,
): Promise<User | null> {
  const email = patch.email === undefined ? undefined : normalizeEmail(patch.email);
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("users")
      .select(["account_id", "role"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!current) return null;
    if (current.role === "owner" && patch.role !== undefined && patch.role !== "owner") {
      await assertAnotherOwner(trx, current.account_id, id);
    }
    if (email !== undefined) await assertEmailFree(trx, email, id);
    const row = await trx
      .updateTable("users")
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(email !== undefined ? { email } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  });
}

/** Runs `work` in `db` when it already is a transaction, else in a new one. */
function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

async function accountExists(db: Kysely<Database>, accountId: string): Promise<boolean> {
  if (!isId("acc", accountId)) return false;
  const row = await db
    .selectFrom("accounts")
    .select("id")
    .where("id", "=", accountId)
    .executeTakeFirst();
  return row !== undefined;
}

async function assertEmailFree(
  db: Kysely<Database>,
  email: string,
  exceptId?: string,
): Promise<void> {
  let query = db.selectFrom("users").select("id").where("email", "=", email);
  if (exceptId) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) throw duplicate("body.email", `"${email}" is already taken`);
}

/**
 * Throws unless the account keeps an owner besides `userId`. The account row is locked
 * first, so two concurrent demotions of its last two owners cannot both pass.
 */
async function assertAnotherOwner(
  db: Kysely<Database>,
  accountId: string,
  userId: string,
): Promise<void> {
  await db.selectFrom("accounts").select("id").where("id", "=", accountId).forUpdate().execute();
  const other = await db
    .selectFrom("users")
    .select("id")
    .where("account_id", "=", accountId)
    .where("role", "=", "owner")
    .where("id", "!=", userId)
    .executeTakeFirst();
  if (!other) {
    throw invalidState("body.role", "the account's last owner must stay an owner");
  }
}
