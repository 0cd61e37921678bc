import { type Kysely, sql } from "kysely";
import type { Caller } from "../accounts/customer-scope.ts";
import type { PageOptions } from "../core/page-options.ts";
import type { ActivityEntry, Database } from "../db/schema.ts";

/** An activity entry with the name of the user who acted (when one did and still exists). */
export interface ActivityRecord extends ActivityEntry {
  readonly user_name: string | null;
}

/**
 * One page of the activity a caller may see, newest first; fetches `limit + 1` rows.
 * Owners and admins see their whole account's trail; a member sees the entries they
 * made and the entries of the licenses assigned to them. On a member's page `ip` is
 * only there on the member's own entries and on the installed software's (the
 * machine's address, which the license's activations show them anyway): another
 * person's address — an owner's who revealed the key or downloaded, another
 * member's — is `null`.
 *
 * @example
 * const rows = await listCustomerActivity(db, caller, { limit: 25 });
 */
export async function listCustomerActivity(
  db: Kysely<Database>,
  caller: Caller,
  options: PageOptions,
): Promise<ActivityRecord[]> {
  return customerActivityQuery(db, caller, options).execute();
}

/** The query behind `listCustomerActivity`, for running it or explaining its plan. */
export function customerActivityQuery(
  db: Kysely<Database>,
  caller: Caller,
  { after, limit }: PageOptions,
) {
  if (caller.role === "member") {
    // A member's page starts from the few ids their own indexes give (already scoped to
    // the account and the cursor), then reads those rows by primary key.
    return db
      .selectFrom(memberActivityIds(db, caller, { after, limit }).as("page"))
      .innerJoin("activity", "activity.id", "page.id")
      .leftJoin("users", "users.id", "activity.user_id")
      .select([
        "activity.id",
        "activity.account_id",
        "activity.user_id",
        "activity.actor",
        "activity.action",
        "activity.subject_type",
        "activity.subject_id",
        "activity.license_id",
        "activity.data",
        "activity.created_at",
        "users.name as user_name",
      ])
      .select(
        sql<
          string | null
        >`case when activity.user_id = ${caller.userId} or activity.actor = 'software' then activity.ip end`.as(
          "ip",
        ),
      )
      .orderBy("activity.id", "desc")
      .limit(limit + 1);
  }
  return db
    .selectFrom("activity")
    .leftJoin("users", "users.id", "activity.user_id")
    .selectAll("activity")
    .select("users.name as user_name")
    .where("activity.account_id", "=", caller.accountId)
    .$if(after !== undefined, (q) => q.where("activity.id", "<", after!))
    .orderBy("activity.id", "desc")
    .limit(limit + 1);
}

/**
 * The ids of a member's page, at most `limit + 1` from each source: the entries
 * they made (activity_user_idx) and, per license assigned to them, that license's
 * entries (activity_license_idx). Each source is read newest first from its own
 * index, so the page costs the same however large the account's trail grows.
 */
function memberActivityIds(db: Kysely<Database>, caller: Caller, { after, limit }: PageOptions) {
  const own = db
    .selectFrom("activity")
    .select("activity.id")
    .where("activity.user_id", "=", caller.userId)
    .where("activity.account_id", "=", caller.accountId)
    .$if(after !== undefined, (q) => q.where("activity.id", "<", after!))
    .orderBy("activity.id", "desc")
    .limit(limit + 1);
  const ofLicenses = db
    .selectFrom("license_users")
    .innerJoin("licenses", "licenses.id", "license_users.license_id")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("activity")
          .select("activity.id")
          .whereRef("activity.license_id", "=", "license_users.license_id")
          .where("activity.account_id", "=", caller.accountId)
          .$if(after !== undefined, (q) => q.where("activity.id", "<", after!))
          .orderBy("activity.id", "desc")
          .limit(limit + 1)
          .as("recent"),
      (join) => join.onTrue(),
    )
    .select("recent.id")
    .where("license_users.user_id", "=", caller.userId)
    .where("licenses.account_id", "=", caller.accountId);
  // Each limited branch is wrapped as a derived table: Kysely does not parenthesise union branches.
  return db
    .selectFrom(own.as("own"))
    .select("own.id")
    .union(db.selectFrom(ofLicenses.as("of_licenses")).select("of_licenses.id"));
}
