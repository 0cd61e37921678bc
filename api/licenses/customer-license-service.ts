import type { Kysely } from "kysely";
import { type Caller, canSeeLicense, licensesVisibleTo } from "../accounts/customer-scope.ts";
import {
  customerDeactivationWindow,
  type DeactivationWindow,
} from "../activations/deactivation-window.ts";
import { recordActivity } from "../activity/activity-service.ts";
import { isId } from "../core/ids.ts";
import type { Database } from "../db/schema.ts";
import { decryptLicenseKey, type LicenseKeyCrypto } from "./license-key.ts";
import { licenseStatusIs } from "./license-record.ts";
import type { LicenseStatus } from "./license-status.ts";

export interface CustomerLicenseFilter {
  readonly after?: string | undefined;
  readonly limit: number;
  readonly status?: LicenseStatus | undefined;
  readonly productId?: string | undefined;
  /** Searches the license name, the product name and the key's last characters. */
  readonly q?: string | undefined;
  readonly now?: Date | undefined;
}

/** A license row as the Customer API needs it: its product, policy and active usage. */
export type CustomerLicenseRow = Awaited<
  ReturnType<ReturnType<typeof licenseRows>["execute"]>
>[number];

/** Licenses with their product, policy, account and active usage (license_usage, kept by triggers). */
function licenseRows(db: Kysely<Database>) {
  return db
    .selectFrom("licenses")
    .innerJoin("products", "products.id", "licenses.product_id")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .innerJoin("accounts", "accounts.id", "licenses.account_id")
    .innerJoin("license_usage", "license_usage.license_id", "licenses.id")
    .select([
      "licenses.id",
      "licenses.name",
      "licenses.product_id",
      "licenses.key_last5",
      "licenses.expires_at",
      "licenses.maintenance_expires_at",
      "licenses.max_machines",
      "licenses.max_domains",
      "licenses.suspended_at",
      "licenses.revoked_at",
      "licenses.created_at",
      "products.name as product_name",
      "policies.name as policy_name",
      "policies.max_machines as policy_max_machines",
      "policies.max_domains as policy_max_domains",
      "policies.expiration_strategy",
      "policies.heartbeat_seconds",
      "policies.deactivation_limit",
      "policies.deactivation_window_days",
      "policies.protected",
      "accounts.expiry_warning_days",
      "license_usage.machines as machines_used",
      "license_usage.domains as domains_used",
    ]);
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The query behind `GET /v1/licenses` (one page, newest first, `limit + 1` rows),
 * exported so a test can EXPLAIN exactly what runs.
 */
export function customerLicenseListQuery(
  db: Kysely<Database>,
  caller: Caller,
  { after, limit, status, productId, q, now = new Date() }: CustomerLicenseFilter,
) {
  let query = licenseRows(db).where(licensesVisibleTo(caller));
  if (productId !== undefined) query = query.where("licenses.product_id", "=", productId);
  if (status !== undefined) query = query.where(licenseStatusIs(status, now));
  const text = q?.trim();
  if (text) {
    const contains = `%${likeLiteral(text)}%`;
    // Keys are stored upper case in groups of five; a search by their tail ignores dashes and case.
    const tail = text.toUpperCase().replace(/[\s-]/g, "").slice(-5);
    query = query.where((eb) =>
      eb.or([
        eb("licenses.name", "ilike", contains),
        eb("products.name", "ilike", contains),
        ...(tail ? [eb("licenses.key_last5", "like", `%${likeLiteral(tail)}`)] : []),
      ]),
    );
  }
  if (after !== undefined) query = query.where("licenses.id", "<", after);
  return query.orderBy("licenses.id", "desc").limit(limit + 1);
}

/** One page of the licenses the caller may see, newest first (`limit + 1` rows). */
export async function listCustomerLicenses(
  db: Kysely<Database>,
  caller: Caller,
  filter: CustomerLicenseFilter,
): Promise<CustomerLicenseRow[]> {
  return customerLicenseListQuery(db, caller, filter).execute();
}

export interface CustomerLicenseDetail extends CustomerLicenseRow {
  readonly entitlements: { code: string; name: string }[];
  readonly assigned_users: { id: string; name: string; email: string }[];
  /** The customer deactivation window: used, left and when the next is allowed. */
  readonly deactivations: DeactivationWindow;
}

/** One license the caller may see, with its entitlements, users and recent deactivations; else `null`. */
export async function getCustomerLicense(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  now: Date = new Date(),
): Promise<CustomerLicenseDetail | null> {
  if (!isId("lic", id)) return null;
  const row = await licenseRows(db)
    .where("licenses.id", "=", id)
    .where(licensesVisibleTo(caller))
    .executeTakeFirst();
  if (!row) return null;
  const entitlements = await db
    .selectFrom("license_entitlements")
    .innerJoin("entitlements", "entitlements.id", "license_entitlements.entitlement_id")
    .select(["entitlements.code", "entitlements.name"])
    .where("license_entitlements.license_id", "=", id)
    .orderBy("entitlements.code")
    .execute();
  const users = await db
    .selectFrom("license_users")
    .innerJoin("users", "users.id", "license_users.user_id")
    .select(["users.id", "users.name", "users.email"])
    .where("license_users.license_id", "=", id)
    .orderBy("license_users.created_at")
    .orderBy("users.id")
    .execute();
  const deactivations = await customerDeactivationWindow(
    db,
    { licenseId: id, windowDays: row.deactivation_window_days, limit: row.deactivation_limit },
    now,
  );
  return {
    ...row,
    entitlements,
    assigned_users: users,
    deactivations,
  };
}

/**
 * The license key in clear, for a caller who may see the license, with a
 * `license.key_revealed` activity entry; `null` when out of scope.
 */
export async function revealLicenseKey(
  db: Kysely<Database>,
  keys: LicenseKeyCrypto,
  caller: Caller,
  id: string,
  ip: string,
): Promise<string | null> {
  if (!isId("lic", id)) return null;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("licenses")
      .select(["licenses.id", "licenses.account_id", "licenses.key_encrypted"])
      .where("licenses.id", "=", id)
      .where(licensesVisibleTo(caller))
      .executeTakeFirst();
    if (!row) return null;
    await recordActivity(trx, {
      accountId: row.account_id,
      actor: "customer",
      action: "license.key_revealed",
      userId: caller.userId,
      subjectType: "license",
      subjectId: row.id,
      licenseId: row.id,
      ip,
    });
    return decryptLicenseKey(keys, row.key_encrypted);
  });
}

/** Recent validations of a license the caller may see, newest first (`limit + 1` rows); `null` when out of scope. */
export async function listLicenseValidations(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  { after, limit }: { after?: string | undefined; limit: number },
) {
  if (!(await canSeeLicense(db, caller, id))) return null;
  let query = db
    .selectFrom("validation_events")
    .select([
      "id",
      "code",
      "valid",
      "fingerprint",
      "domain",
      "version",
      "ip",
      "created_at",
      "activation_id",
    ])
    .where("license_id", "=", id);
  if (after !== undefined) query = query.where("id", "<", after);
  return query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
}
