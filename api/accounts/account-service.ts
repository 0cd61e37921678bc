import type { Kysely } from "kysely";
import { createId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import type { Account, AccountKind, Database } from "../db/schema.ts";

/** How many days before expiry a license counts as `expiring` when nothing else is said. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

export interface AccountInput {
  readonly name: string;
  readonly kind: AccountKind;
  /** 1..365; defaults to {@link DEFAULT_EXPIRY_WARNING_DAYS}. */
  readonly expiryWarningDays?: number | undefined;
}

/**
 * Creates a customer account (without users; add them with `createUser`).
 *
 * @example
 * const account = await createAccount(db, { name: "Globex", kind: "organization" });
 */
export async function createAccount(db: Kysely<Database>, input: AccountInput): Promise<Account> {
  return db
    .insertInto("accounts")
    .values({
      id: createId("acc"),
      name: input.name,
      kind: input.kind,
      expiry_warning_days: input.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getAccount(db: Kysely<Database>, id: string): Promise<Account | null> {
  return (
    (await db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirst()) ?? null
  );
}

/** One page of accounts, newest first; fetches `limit + 1` rows so the caller can tell if more exist. */
export async function listAccounts(
  db: Kysely<Database>,
  { after, limit }: PageOptions,
): Promise<Account[]> {
  let query = db.selectFrom("accounts").selectAll();
  if (after) query = query.where("id", "<", after);
  return query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}

/** Applies the given fields; `null` when there is no such account. */
export async function updateAccount(
  db: Kysely<Database>,
  id: string,
  patch: Partial<AccountInput>,
): Promise<Account | null> {
  const row = await db
    .updateTable("accounts")
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.expiryWarningDays !== undefined
        ? { expiry_warning_days: patch.expiryWarningDays }
        : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}
