import type { ExpressionBuilder, Kysely } from "kysely";
import { isId } from "../core/ids.ts";
import type { Database } from "../db/schema.ts";

/** Who is asking, as the session says: the one input to every Customer API scope check. */
export type Caller = { userId: string; accountId: string; role: "owner" | "admin" | "member" };

/**
 * The licenses a caller may see (SPEC §1): owners and admins see every license of
 * their account; a member only those assigned to them. Use on any query over `licenses`.
 *
 * @example
 * db.selectFrom("licenses").selectAll().where(licensesVisibleTo(caller))
 */
export function licensesVisibleTo(caller: Caller) {
  return (eb: ExpressionBuilder<Database, "licenses">) => {
    const sameAccount = eb("licenses.account_id", "=", caller.accountId);
    if (caller.role !== "member") return sameAccount;
    return eb.and([
      sameAccount,
      eb.exists(
        eb
          .selectFrom("license_users")
          .select(eb.lit(1).as("one"))
          .whereRef("license_users.license_id", "=", "licenses.id")
          .where("license_users.user_id", "=", caller.userId),
      ),
    ]);
  };
}

/**
 * The row-wise twin of `licensesVisibleTo`, for queries that join `users` to the
 * `licenses` of their account (who gets mail about a license): owners and admins
 * see every license, a member only those assigned to them.
 *
 * @example
 * db.selectFrom("licenses").innerJoin("users", "users.account_id", "licenses.account_id").where(userSeesLicense)
 */
export function userSeesLicense(eb: ExpressionBuilder<Database, "users" | "licenses">) {
  return eb.or([
    eb("users.role", "in", ["owner", "admin"]),
    eb.exists(
      eb
        .selectFrom("license_users")
        .select(eb.lit(1).as("one"))
        .whereRef("license_users.license_id", "=", "licenses.id")
        .whereRef("license_users.user_id", "=", "users.id"),
    ),
  ]);
}

/** Whether the caller may see this license; a malformed id is simply not visible. */
export async function canSeeLicense(
  db: Kysely<Database>,
  caller: Caller,
  licenseId: string,
): Promise<boolean> {
  if (!isId("lic", licenseId)) return false;
  const row = await db
    .selectFrom("licenses")
    .select("licenses.id")
    .where("licenses.id", "=", licenseId)
    .where(licensesVisibleTo(caller))
    .executeTakeFirst();
  return row !== undefined;
}
