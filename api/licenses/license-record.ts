import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { daysSql, timestampSql } from "../core/time.ts";
import type { Database, License } from "../db/schema.ts";
import type { LicenseStatus } from "./license-status.ts";

/**
 * A license row with what its JSON needs from elsewhere: the policy's limits (which
 * apply where the license sets none), the account's expiry warning window (for the
 * derived status), its entitlement codes (sorted) and assigned user ids.
 */
export interface LicenseRecord extends License {
  readonly policy_max_machines: number;
  readonly policy_max_domains: number;
  readonly expiry_warning_days: number;
  readonly entitlements: string[];
  readonly user_ids: string[];
}

/** Licenses joined with their policy's limits and their account's warning window. */
export function selectLicenseRows(db: Kysely<Database>) {
  return db
    .selectFrom("licenses")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .innerJoin("accounts", "accounts.id", "licenses.account_id")
    .selectAll("licenses")
    .select([
      "policies.max_machines as policy_max_machines",
      "policies.max_domains as policy_max_domains",
      "accounts.expiry_warning_days",
    ]);
}

type LicenseRow = Omit<LicenseRecord, "entitlements" | "user_ids">;

/** Adds entitlement codes and user ids to a page of rows, in two queries. */
export async function attachLicenseLinks(
  db: Kysely<Database>,
  rows: readonly LicenseRow[],
): Promise<LicenseRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  // One after the other: inside a transaction both would share one connection anyway.
  const entitlements = await db
    .selectFrom("license_entitlements")
    .innerJoin("entitlements", "entitlements.id", "license_entitlements.entitlement_id")
    .select(["license_entitlements.license_id", "entitlements.code as value"])
    .where("license_entitlements.license_id", "in", ids)
    .orderBy("entitlements.code")
    .execute();
  const users = await db
    .selectFrom("license_users")
    .select(["license_id", "user_id as value"])
    .where("license_id", "in", ids)
    .orderBy("created_at")
    .orderBy("user_id")
    .execute();
  const codes = groupByLicense(entitlements);
  const userIds = groupByLicense(users);
  return rows.map((row) => ({
    ...row,
    entitlements: codes.get(row.id) ?? [],
    user_ids: userIds.get(row.id) ?? [],
  }));
}

/** One license with everything its JSON shows; `null` when there is none. */
export async function loadLicenseRecord(
  db: Kysely<Database>,
  id: string,
): Promise<LicenseRecord | null> {
  const row = await selectLicenseRows(db).where("licenses.id", "=", id).executeTakeFirst();
  if (!row) return null;
  const [record] = await attachLicenseLinks(db, [row]);
  return record ?? null;
}

/**
 * The SQL twin of deriveLicenseStatus (license-status.ts) for queries that join
 * `accounts`: the same precedence and the same boundaries.
 */
export function licenseStatusIs(status: LicenseStatus, now: Date) {
  return (eb: ExpressionBuilder<Database, "licenses" | "accounts">) => {
    const notRevoked = eb("licenses.revoked_at", "is", null);
    const live = [notRevoked, eb("licenses.suspended_at", "is", null)];
    const warningEnd = sql<Date>`${timestampSql(now)} + ${daysSql(eb.ref("accounts.expiry_warning_days"))}`;
    switch (status) {
      case "revoked":
        return eb("licenses.revoked_at", "is not", null);
      case "suspended":
        return eb.and([notRevoked, eb("licenses.suspended_at", "is not", null)]);
      case "expired":
        return eb.and([...live, eb("licenses.expires_at", "<=", now)]);
      case "expiring":
        return eb.and([
          ...live,
          eb("licenses.expires_at", ">", now),
          eb("licenses.expires_at", "<=", warningEnd),
        ]);
      case "active":
        return eb.and([
          ...live,
          eb.or([
            eb("licenses.expires_at", "is", null),
            eb("licenses.expires_at", ">", warningEnd),
          ]),
        ]);
    }
  };
}

function groupByLicense(rows: readonly { license_id: string; value: string }[]) {
  const grouped = new Map<string, string[]>();
  for (const row of rows) {
    const list = grouped.get(row.license_id) ?? [];
    list.push(row.value);
    grouped.set(row.license_id, list);
  }
  return grouped;
}

/** Locks a license row for the rest of the transaction; `null` when there is none. */
export async function lockLicense(db: Kysely<Database>, id: string): Promise<License | null> {
  return (
    (await db
      .selectFrom("licenses")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst()) ?? null
  );
}
