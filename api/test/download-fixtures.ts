import type { Kysely } from "kysely";
import { createPolicy } from "../catalogue/policy-service.ts";
import { createId } from "../core/ids.ts";
import type { AssetKind, Database, ExpirationStrategy } from "../db/schema.ts";
import type { LicenseKeyCrypto } from "../licenses/license-key.ts";
import { createLicense } from "../licenses/license-service.ts";

/**
 * An asset row written straight into the database (no file behind it): entitlement
 * and listing tests look at rows, not bytes.
 */
export async function insertAsset(
  db: Kysely<Database>,
  releaseId: string,
  {
    filename = `setup-${createId("ast").slice(-6).toLowerCase()}.exe`,
    kind = "installer",
    platform = "windows",
    arch = "x64",
    requiredEntitlementIds = [],
  }: {
    filename?: string;
    kind?: AssetKind;
    platform?: string | null;
    arch?: string | null;
    requiredEntitlementIds?: readonly string[];
  } = {},
): Promise<string> {
  const id = createId("ast");
  await db
    .insertInto("assets")
    .values({
      id,
      release_id: releaseId,
      filename,
      kind,
      platform,
      arch,
      size: 1234,
      sha256: "a".repeat(64),
      content_type: "application/octet-stream",
      storage_key: id,
    })
    .execute();
  for (const entitlementId of requiredEntitlementIds) {
    await db
      .insertInto("asset_entitlements")
      .values({ asset_id: id, entitlement_id: entitlementId })
      .execute();
  }
  return id;
}

/** A policy with the given strategy for the product, and a license under it for the account. */
export async function issueLicense(
  db: Kysely<Database>,
  keys: LicenseKeyCrypto,
  {
    productId,
    accountId,
    strategy = "restrict",
    expiresAt = null,
    maintenanceExpiresAt,
    entitlements = [],
    userIds = [],
    now = new Date(),
  }: {
    productId: string;
    accountId: string;
    strategy?: ExpirationStrategy;
    expiresAt?: Date | null;
    /** Defaults to `expiresAt`, as for licenses the Vendor API issues. */
    maintenanceExpiresAt?: Date | null;
    entitlements?: readonly string[];
    userIds?: readonly string[];
    now?: Date;
  },
): Promise<string> {
  const policy = await createPolicy(db, {
    productId,
    name: `${strategy} policy`,
    maxMachines: 3,
    maxDomains: 0,
    expirationStrategy: strategy,
  });
  const license = await createLicense(
    db,
    keys,
    {
      accountId,
      policyId: policy.id,
      expiresAt,
      maintenanceExpiresAt,
      entitlements,
      userIds,
    },
    now,
  );
  return license.id;
}
