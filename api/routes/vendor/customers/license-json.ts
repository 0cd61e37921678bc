import type { LicenseKeyCrypto } from "../../../licenses/license-key.ts";
import { decryptLicenseKey, maskLicenseKey } from "../../../licenses/license-key.ts";
import type { LicenseRecord } from "../../../licenses/license-service.ts";
import { deriveLicenseStatus } from "../../../licenses/license-status.ts";

/** The vendor's view of a license: the full key included, since the vendor issued it. */
export function licenseJson(keys: LicenseKeyCrypto, row: LicenseRecord, now: Date = new Date()) {
  return {
    id: row.id,
    accountId: row.account_id,
    productId: row.product_id,
    policyId: row.policy_id,
    name: row.name,
    key: decryptLicenseKey(keys, row.key_encrypted),
    keyMasked: maskLicenseKey(row.key_last5),
    status: deriveLicenseStatus(row, row.expiry_warning_days, now),
    expiresAt: row.expires_at?.toISOString() ?? null,
    maintenanceExpiresAt: row.maintenance_expires_at?.toISOString() ?? null,
    maxMachines: row.max_machines ?? row.policy_max_machines,
    maxDomains: row.max_domains ?? row.policy_max_domains,
    overrides: { maxMachines: row.max_machines, maxDomains: row.max_domains },
    entitlements: row.entitlements,
    userIds: row.user_ids,
    suspendedAt: row.suspended_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
