/*
 * The rule: a license's maintenance (the versions it covers) ends at its own
 * maintenance date when it has one, else at its expiry; with neither it covers
 * every version. Validation (VERSION_NOT_COVERED), downloads, release notices
 * and the diagnosis all ask here. No query needs it in SQL.
 */

/** The license dates the rule reads. */
export interface MaintenanceDates {
  readonly maintenanceExpiresAt: Date | null;
  readonly expiresAt: Date | null;
}

/**
 * When maintenance ends; `null` when it never does.
 *
 * @example
 * maintenanceEnd({ maintenanceExpiresAt: null, expiresAt: lastYear }); // lastYear
 */
export function maintenanceEnd(license: MaintenanceDates): Date | null {
  return license.maintenanceExpiresAt ?? license.expiresAt;
}

/** {@link maintenanceEnd} of a license row (`maintenance_expires_at`, `expires_at`). */
export function maintenanceEndOf(row: {
  readonly maintenance_expires_at: Date | null;
  readonly expires_at: Date | null;
}): Date | null {
  return maintenanceEnd({
    maintenanceExpiresAt: row.maintenance_expires_at,
    expiresAt: row.expires_at,
  });
}
