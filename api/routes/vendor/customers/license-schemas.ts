import { Timestamp, z } from "../../../http/openapi.ts";
import { effectiveLimit } from "../../../licenses/effective-limits.ts";
import {
  decryptLicenseKey,
  type LicenseKeyCrypto,
  maskLicenseKey,
} from "../../../licenses/license-key.ts";
import type { LicenseRecord } from "../../../licenses/license-service.ts";
import { deriveLicenseStatus, LICENSE_STATUSES } from "../../../licenses/license-status.ts";
import { Count, EntitlementCodes, Name } from "../../field-schemas.ts";

/** An ISO-8601 date-time with `Z` or an offset; answers carry UTC. */
const DateTime = z.iso
  .datetime({ offset: true, error: "must be an ISO-8601 date-time, e.g. 2027-01-31T00:00:00Z" })
  .openapi({ format: "date-time", example: "2027-01-31T00:00:00Z" });

const Id = z.string().min(1, "must not be empty").max(64, "at most 64 characters");

const UserIds = z
  .array(Id)
  .max(1000, "at most 1000 users")
  .openapi({
    description: "Users of the license's account.",
    example: ["usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA"],
  });

const Status = z.enum(LICENSE_STATUSES).openapi({
  description:
    "Derived: `revoked`, else `suspended`, else `expired` (expiry reached), else `expiring` " +
    "(within the account's warning window), else `active`.",
});

const licenseFields = {
  name: Name,
  expiresAt: DateTime.nullable().openapi({ description: "`null`: never expires." }),
  maintenanceExpiresAt: DateTime.nullable().openapi({
    description: "End of the maintenance window; `null`: unbounded.",
  }),
  maxMachines: Count.nullable().openapi({ description: "Overrides the policy; `null` uses it." }),
  maxDomains: Count.nullable().openapi({ description: "Overrides the policy; `null` uses it." }),
  entitlements: EntitlementCodes,
};

export const LicenseCreateSchema = z
  .object({
    accountId: Id,
    policyId: Id,
    name: licenseFields.name.optional().openapi({ description: "Defaults to the product's name." }),
    expiresAt: licenseFields.expiresAt
      .optional()
      .openapi({ description: "Defaults to now + the policy's duration (none when perpetual)." }),
    maintenanceExpiresAt: licenseFields.maintenanceExpiresAt
      .optional()
      .openapi({ description: "Defaults to `expiresAt`." }),
    maxMachines: licenseFields.maxMachines.optional(),
    maxDomains: licenseFields.maxDomains.optional(),
    entitlements: licenseFields.entitlements
      .optional()
      .openapi({ description: "Entitlement codes; default the policy's." }),
    userIds: UserIds.optional(),
  })
  .strict()
  .openapi("LicenseCreate");

export const LicenseUpdateSchema = z
  .object(licenseFields)
  .partial()
  .strict()
  .openapi("LicenseUpdate");

export const LicenseRenewSchema = z
  .object({
    days: z
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(36_500, "at most 36500")
      .optional()
      .openapi({ description: "Days to add; defaults to the policy's duration." }),
  })
  .strict()
  .openapi("LicenseRenew");

export const LicenseUsersSchema = z.object({ userIds: UserIds }).strict().openapi("LicenseUsers");

export const LicenseListQuery = z.object({
  accountId: Id.optional(),
  productId: Id.optional(),
  status: Status.optional(),
});

const Limits = z.object({
  maxMachines: z.number().int().nullable(),
  maxDomains: z.number().int().nullable(),
});

export const LicenseSchema = z
  .object({
    id: z.string().openapi({ example: "lic_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    accountId: z.string(),
    productId: z.string(),
    policyId: z.string(),
    name: z.string(),
    key: z.string().openapi({ example: "7XK2M-9QHTA-0B4WZ-DE5RN-P1C8F" }),
    keyMasked: z.string().openapi({ example: "•••••-•••••-•••••-•••••-P1C8F" }),
    status: Status,
    expiresAt: Timestamp.nullable(),
    maintenanceExpiresAt: Timestamp.nullable(),
    maxMachines: z.number().int().openapi({ description: "Effective: override, else policy." }),
    maxDomains: z.number().int().openapi({ description: "Effective: override, else policy." }),
    overrides: Limits.openapi({
      description: "The license's own limits; `null` uses the policy's.",
    }),
    entitlements: z.array(z.string()),
    userIds: z.array(z.string()),
    suspendedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("License");

/** Turns an accepted date-time into a Date, keeping `null` and absence apart. */
export function toDate(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value);
}

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
    maxMachines: effectiveLimit(row, "machine"),
    maxDomains: effectiveLimit(row, "domain"),
    overrides: { maxMachines: row.max_machines, maxDomains: row.max_domains },
    entitlements: row.entitlements,
    userIds: row.user_ids,
    suspendedAt: row.suspended_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
