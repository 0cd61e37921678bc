import type { Kysely } from "kysely";
import type { ActivityEntry, Database } from "../db/schema.ts";
import { type Caller, licensesVisibleTo } from "./customer-scope.ts";

/** An activity entry with the name of the user who acted (when one did and still exists). */
export interface ActivityRecord extends ActivityEntry {
  readonly user_name: string | null;
}

export interface ActivityListOptions {
  readonly after?: string | undefined;
  readonly limit: number;
}

/**
 * One page of the activity a caller may see, newest first; fetches `limit + 1` rows.
 * Owners and admins see their whole account's trail; a member sees the entries they
 * made and the entries of the licenses assigned to them.
 *
 * @example
 * const rows = await listCustomerActivity(db, caller, { limit: 25 });
 */
export async function listCustomerActivity(
  db: Kysely<Database>,
  caller: Caller,
  { after, limit }: ActivityListOptions,
): Promise<ActivityRecord[]> {
  let query = db
    .selectFrom("activity")
    .leftJoin("users", "users.id", "activity.user_id")
    .selectAll("activity")
    .select("users.name as user_name")
    .where("activity.account_id", "=", caller.accountId);
  if (caller.role === "member") {
    query = query.where((eb) =>
      eb.or([
        eb("activity.user_id", "=", caller.userId),
        eb.exists(
          eb
            .selectFrom("licenses")
            .select("licenses.id")
            .whereRef("licenses.id", "=", "activity.license_id")
            .where(licensesVisibleTo(caller)),
        ),
      ]),
    );
  }
  if (after !== undefined) query = query.where("activity.id", "<", after);
  return query
    .orderBy("activity.id", "desc")
    .limit(limit + 1)
    .execute();
}
