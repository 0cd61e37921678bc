import type { Kysely } from "kysely";
import { recordActivity } from "../activity/activity-service.ts";
import { invalidState, invalidValue } from "../core/errors.ts";
import { addDays } from "../core/time.ts";
import type { Database, License } from "../db/schema.ts";
import { type LicenseRecord, loadLicenseRecord, lockLicense } from "./license-record.ts";
import { insertLicenseUsers, resolveAccountUsers } from "./license-service.ts";

/**
 * The vendor's lifecycle actions on a license. Each locks the license row, makes
 * its change and records it in the account's activity in one transaction, and
 * answers `null` when there is no such license. Repeating an action that is
 * already in effect changes nothing and records nothing.
 */

/** Suspends a license until it is reinstated; a revoked license cannot be suspended. */
export async function suspendLicense(
  db: Kysely<Database>,
  id: string,
  now: Date = new Date(),
): Promise<LicenseRecord | null> {
  return withLockedLicense(db, id, async (trx, license) => {
    if (license.revoked_at) throw invalidState("path.id", "the license is revoked");
    if (license.suspended_at) return;
    await trx
      .updateTable("licenses")
      .set({ suspended_at: now, updated_at: now })
      .where("id", "=", id)
      .execute();
    await recordLicenseActivity(trx, license, "license.suspended");
  });
}

/** Lifts a suspension; a revoked license stays revoked (`invalid_state`). */
export async function reinstateLicense(
  db: Kysely<Database>,
  id: string,
  now: Date = new Date(),
): Promise<LicenseRecord | null> {
  return withLockedLicense(db, id, async (trx, license) => {
    if (license.revoked_at) {
      throw invalidState(
        "path.id",
        "the license is revoked; a revoked license cannot be reinstated",
      );
    }
    if (!license.suspended_at) return;
    await trx
      .updateTable("licenses")
      .set({ suspended_at: null, updated_at: now })
      .where("id", "=", id)
      .execute();
    await recordLicenseActivity(trx, license, "license.reinstated", {
      suspendedAt: license.suspended_at.toISOString(),
    });
  });
}

/** Ends a license for good. */
export async function revokeLicense(
  db: Kysely<Database>,
  id: string,
  now: Date = new Date(),
): Promise<LicenseRecord | null> {
  return withLockedLicense(db, id, async (trx, license) => {
    if (license.revoked_at) return;
    await trx
      .updateTable("licenses")
      .set({ revoked_at: now, updated_at: now })
      .where("id", "=", id)
      .execute();
    await recordLicenseActivity(trx, license, "license.revoked");
  });
}

export interface RenewOptions {
  /** Days to add; defaults to the policy's duration. */
  readonly days?: number | undefined;
  readonly now?: Date | undefined;
}

/**
 * Extends the expiry and the maintenance window by `days`, each counted from the
 * later of now and its current end, so an early renewal loses nothing and a late
 * one does not backdate. A date that is unset (no end) stays unset.
 */
export async function renewLicense(
  db: Kysely<Database>,
  id: string,
  { days, now = new Date() }: RenewOptions = {},
): Promise<LicenseRecord | null> {
  return withLockedLicense(db, id, async (trx, license) => {
    if (license.revoked_at) throw invalidState("path.id", "a revoked license cannot be renewed");
    if (!license.expires_at && !license.maintenance_expires_at) {
      throw invalidState("path.id", "the license never expires; there is nothing to renew");
    }
    const policy = await trx
      .selectFrom("policies")
      .select("duration_days")
      .where("id", "=", license.policy_id)
      .executeTakeFirstOrThrow();
    const extension = days ?? policy.duration_days;
    if (extension === null) {
      throw invalidValue("body.days", "required: the license's policy has no duration");
    }
    const extend = (end: Date | null) => end && addDays(end > now ? end : now, extension);
    const expiresAt = extend(license.expires_at);
    const maintenanceExpiresAt = extend(license.maintenance_expires_at);
    await trx
      .updateTable("licenses")
      .set({ expires_at: expiresAt, maintenance_expires_at: maintenanceExpiresAt, updated_at: now })
      .where("id", "=", id)
      .execute();
    await recordLicenseActivity(trx, license, "license.renewed", {
      days: extension,
      previousExpiresAt: license.expires_at?.toISOString() ?? null,
      expiresAt: expiresAt?.toISOString() ?? null,
      maintenanceExpiresAt: maintenanceExpiresAt?.toISOString() ?? null,
    });
  });
}

/**
 * Replaces the users assigned to a license with `userIds` (users of the license's
 * account, else `unknownReference` naming `body.userIds`).
 */
export async function assignLicenseUsers(
  db: Kysely<Database>,
  id: string,
  userIds: readonly string[],
): Promise<LicenseRecord | null> {
  return withLockedLicense(db, id, async (trx, license) => {
    const wanted = await resolveAccountUsers(trx, license.account_id, userIds, "body.userIds");
    const current = (
      await trx.selectFrom("license_users").select("user_id").where("license_id", "=", id).execute()
    ).map((row) => row.user_id);
    const added = wanted.filter((userId) => !current.includes(userId));
    const removed = current.filter((userId) => !wanted.includes(userId));
    if (added.length === 0 && removed.length === 0) return;
    if (removed.length > 0) {
      await trx
        .deleteFrom("license_users")
        .where("license_id", "=", id)
        .where("user_id", "in", removed)
        .execute();
    }
    await insertLicenseUsers(trx, id, added);
    await trx
      .updateTable("licenses")
      .set({ updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    await recordLicenseActivity(trx, license, "license.users_assigned", { added, removed });
  });
}

async function withLockedLicense(
  db: Kysely<Database>,
  id: string,
  change: (trx: Kysely<Database>, license: License) => Promise<void>,
): Promise<LicenseRecord | null> {
  return db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, id);
    if (!license) return null;
    await change(trx, license);
    return loadLicenseRecord(trx, id);
  });
}

function recordLicenseActivity(
  db: Kysely<Database>,
  license: License,
  action: string,
  data: Record<string, unknown> = {},
) {
  return recordActivity(db, {
    accountId: license.account_id,
    actor: "vendor",
    action,
    subjectType: "license",
    subjectId: license.id,
    licenseId: license.id,
    data,
  });
}
