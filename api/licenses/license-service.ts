import type { Kysely } from "kysely";
import { recordActivity } from "../activity/activity-service.ts";
import { resolveEntitlementCodes } from "../catalogue/entitlement-service.ts";
import { policyEntitlementIds } from "../catalogue/policy-service.ts";
import { unknownReference } from "../core/errors.ts";
import { createId } from "../core/ids.ts";
import type { PageOptions } from "../core/page-options.ts";
import { addDays } from "../core/time.ts";
import type { Database, License } from "../db/schema.ts";
import {
  encryptLicenseKey,
  generateLicenseKey,
  hashLicenseKey,
  type LicenseKeyCrypto,
  licenseKeyLastGroup,
  normalizeLicenseKey,
} from "./license-key.ts";
import {
  attachLicenseLinks,
  type LicenseRecord,
  licenseStatusIs,
  loadLicenseRecord,
  lockLicense,
  selectLicenseRows,
} from "./license-record.ts";
import type { LicenseStatus } from "./license-status.ts";

export type { LicenseRecord } from "./license-record.ts";

export interface LicenseInput {
  readonly accountId: string;
  readonly policyId: string;
  /** Defaults to the product's name. */
  readonly name?: string | undefined;
  /** Defaults to now + the policy's duration; `null` (or a perpetual policy) means no expiry. */
  readonly expiresAt?: Date | null | undefined;
  /** Defaults to `expiresAt`. */
  readonly maintenanceExpiresAt?: Date | null | undefined;
  /** Overrides of the policy's limits; `null` uses the policy's. */
  readonly maxMachines?: number | null | undefined;
  readonly maxDomains?: number | null | undefined;
  /** Entitlement codes; defaults to the policy's. */
  readonly entitlements?: readonly string[] | undefined;
  /** Users of the same account to assign. */
  readonly userIds?: readonly string[] | undefined;
}

export type LicensePatch = Partial<
  Pick<
    LicenseInput,
    "name" | "expiresAt" | "maintenanceExpiresAt" | "maxMachines" | "maxDomains" | "entitlements"
  >
>;

export interface LicenseListOptions extends PageOptions {
  readonly accountId?: string | undefined;
  readonly productId?: string | undefined;
  readonly status?: LicenseStatus | undefined;
  /** The moment the status filter is evaluated at. */
  readonly now?: Date | undefined;
}

/**
 * Issues a license under a policy: a fresh key (stored encrypted, with a lookup
 * hash), its entitlements and users, and an activity entry, in one transaction.
 * Unknown references are `unknownReference` errors naming the body field.
 *
 * @example
 * const license = await createLicense(db, keys, { accountId, policyId });
 * decryptLicenseKey(keys, license.key_encrypted); // "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F"
 */
export async function createLicense(
  db: Kysely<Database>,
  keys: LicenseKeyCrypto,
  input: LicenseInput,
  now: Date = new Date(),
): Promise<LicenseRecord> {
  return db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom("accounts")
      .select("id")
      .where("id", "=", input.accountId)
      .executeTakeFirst();
    if (!account) throw unknownReference("body.accountId", "no such account");
    const policy = await trx
      .selectFrom("policies")
      .innerJoin("products", "products.id", "policies.product_id")
      .select(["policies.id", "policies.product_id", "policies.duration_days", "products.name"])
      .where("policies.id", "=", input.policyId)
      .executeTakeFirst();
    if (!policy) throw unknownReference("body.policyId", "no such policy");
    const entitlementIds =
      input.entitlements === undefined
        ? await policyEntitlementIds(trx, policy.id)
        : await resolveEntitlementCodes(trx, [...input.entitlements], "body.entitlements");
    const userIds = await resolveAccountUsers(
      trx,
      input.accountId,
      input.userIds ?? [],
      "body.userIds",
    );

    const expiresAt =
      input.expiresAt !== undefined
        ? input.expiresAt
        : policy.duration_days === null
          ? null
          : addDays(now, policy.duration_days);
    const key = generateLicenseKey();
    const id = createId("lic");
    await trx
      .insertInto("licenses")
      .values({
        id,
        account_id: input.accountId,
        policy_id: policy.id,
        product_id: policy.product_id,
        name: input.name ?? policy.name,
        key_encrypted: encryptLicenseKey(keys, key),
        key_hash: hashLicenseKey(keys, key),
        key_last5: licenseKeyLastGroup(key),
        expires_at: expiresAt,
        maintenance_expires_at:
          input.maintenanceExpiresAt !== undefined ? input.maintenanceExpiresAt : expiresAt,
        max_machines: input.maxMachines ?? null,
        max_domains: input.maxDomains ?? null,
      })
      .execute();
    await insertLicenseEntitlements(trx, id, entitlementIds);
    await insertLicenseUsers(trx, id, userIds);
    await recordActivity(trx, {
      accountId: input.accountId,
      actor: "vendor",
      action: "license.created",
      subjectType: "license",
      subjectId: id,
      licenseId: id,
      data: { policyId: policy.id, productId: policy.product_id },
    });
    return (await loadLicenseRecord(trx, id))!;
  });
}

export async function getLicense(db: Kysely<Database>, id: string): Promise<LicenseRecord | null> {
  return loadLicenseRecord(db, id);
}

/** One page of licenses, newest first, filtered in SQL; fetches `limit + 1` rows. */
export async function listLicenses(
  db: Kysely<Database>,
  { after, limit, accountId, productId, status, now = new Date() }: LicenseListOptions,
): Promise<LicenseRecord[]> {
  let query = selectLicenseRows(db);
  if (accountId !== undefined) query = query.where("licenses.account_id", "=", accountId);
  if (productId !== undefined) query = query.where("licenses.product_id", "=", productId);
  if (status !== undefined) query = query.where(licenseStatusIs(status, now));
  if (after) query = query.where("licenses.id", "<", after);
  const rows = await query
    .orderBy("licenses.id", "desc")
    .limit(limit + 1)
    .execute();
  return attachLicenseLinks(db, rows);
}

/**
 * Applies the given fields (entitlements replace the current ones) and records
 * `license.updated`; `null` when there is no such license.
 */
export async function updateLicense(
  db: Kysely<Database>,
  id: string,
  patch: LicensePatch,
): Promise<LicenseRecord | null> {
  return db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, id);
    if (!license) return null;
    await trx
      .updateTable("licenses")
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.expiresAt !== undefined ? { expires_at: patch.expiresAt } : {}),
        ...(patch.maintenanceExpiresAt !== undefined
          ? { maintenance_expires_at: patch.maintenanceExpiresAt }
          : {}),
        ...(patch.maxMachines !== undefined ? { max_machines: patch.maxMachines } : {}),
        ...(patch.maxDomains !== undefined ? { max_domains: patch.maxDomains } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .execute();
    if (patch.entitlements !== undefined) {
      const ids = await resolveEntitlementCodes(trx, [...patch.entitlements], "body.entitlements");
      await trx.deleteFrom("license_entitlements").where("license_id", "=", id).execute();
      await insertLicenseEntitlements(trx, id, ids);
    }
    const fields = Object.entries(patch)
      .filter(([, value]) => value !== undefined)
      .map(([field]) => field);
    if (fields.length > 0) {
      await recordActivity(trx, {
        accountId: license.account_id,
        actor: "vendor",
        action: "license.updated",
        subjectType: "license",
        subjectId: id,
        licenseId: id,
        data: { fields },
      });
    }
    return loadLicenseRecord(trx, id);
  });
}

/**
 * The license a typed key belongs to, by its lookup hash; `null` for a key that
 * is malformed or unknown.
 *
 * @example
 * const license = await findLicenseByKey(db, keys, " 7xk2m-9qhta-0b4wz-de5rn-p1c8f ");
 */
export async function findLicenseByKey(
  db: Kysely<Database>,
  keys: LicenseKeyCrypto,
  rawKey: string,
): Promise<License | null> {
  const key = normalizeLicenseKey(rawKey);
  if (!key) return null;
  const row = await db
    .selectFrom("licenses")
    .selectAll()
    .where("key_hash", "=", hashLicenseKey(keys, key))
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The given user ids without repeats, after checking each is a user of the
 * account; any other id is an `unknownReference` naming `field`.
 */
export async function resolveAccountUsers(
  db: Kysely<Database>,
  accountId: string,
  userIds: readonly string[],
  field: string,
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom("users")
    .select("id")
    .where("account_id", "=", accountId)
    .where("id", "in", unique)
    .execute();
  const found = new Set(rows.map((row) => row.id));
  const stranger = unique.find((userId) => !found.has(userId));
  if (stranger !== undefined) {
    throw unknownReference(field, `"${stranger}" is not a user of this account`);
  }
  return unique;
}

/** Assigns users to a license; ones already assigned are left as they are. */
export async function insertLicenseUsers(
  db: Kysely<Database>,
  licenseId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto("license_users")
    .values(userIds.map((userId) => ({ license_id: licenseId, user_id: userId })))
    .onConflict((oc) => oc.columns(["license_id", "user_id"]).doNothing())
    .execute();
}

async function insertLicenseEntitlements(
  db: Kysely<Database>,
  licenseId: string,
  entitlementIds: readonly string[],
): Promise<void> {
  if (entitlementIds.length === 0) return;
  await db
    .insertInto("license_entitlements")
    .values(
      entitlementIds.map((entitlementId) => ({
        license_id: licenseId,
        entitlement_id: entitlementId,
      })),
    )
    .execute();
}
