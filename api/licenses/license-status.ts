import { addDays } from "../core/time.ts";

/** What a license is now, derived from its columns and the clock; never stored. */
export type LicenseStatus = "active" | "expiring" | "expired" | "suspended" | "revoked";

export const LICENSE_STATUSES = [
  "active",
  "expiring",
  "expired",
  "suspended",
  "revoked",
] as const satisfies readonly LicenseStatus[];

export interface LicenseStatusInput {
  readonly revoked_at: Date | null;
  readonly suspended_at: Date | null;
  readonly expires_at: Date | null;
}

/**
 * The status of a license at `now`. The first that applies wins: revoked,
 * suspended, expired (`expiresAt ≤ now`), expiring (`expiresAt ≤ now +
 * warning days`), active. The SQL filter in license-service.ts mirrors this.
 *
 * @example
 * deriveLicenseStatus({ revoked_at: null, suspended_at: null, expires_at: tomorrow }, 30);
 * // "expiring"
 */
export function deriveLicenseStatus(
  license: LicenseStatusInput,
  expiryWarningDays: number,
  now: Date = new Date(),
): LicenseStatus {
  if (license.revoked_at) return "revoked";
  if (license.suspended_at) return "suspended";
  if (license.expires_at === null) return "active";
  const expires = license.expires_at.getTime();
  if (expires <= now.getTime()) return "expired";
  if (expires <= addDays(now, expiryWarningDays).getTime()) return "expiring";
  return "active";
}
