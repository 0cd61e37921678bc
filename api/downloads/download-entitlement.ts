import { type Kysely, sql } from "kysely";
import { type Caller, licensesVisibleTo } from "../accounts/customer-scope.ts";
import { isId } from "../core/ids.ts";
import type { AssetKind, Database } from "../db/schema.ts";
import { type Coverage, coverageOf, coversRelease, opensDocs } from "./download-coverage.ts";

/** An asset the caller may download now, with what a download record needs. */
export interface EntitledAsset {
  readonly id: string;
  readonly filename: string;
  readonly kind: AssetKind;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
  readonly storageKey: string;
  readonly releaseId: string;
  readonly productId: string;
  readonly version: string;
  /** A license that entitles it (for activity's license_id). */
  readonly licenseId: string;
}

/** One of the caller's licenses as downloads see it: what it covers and the entitlements it holds. */
export interface DownloadLicense {
  readonly id: string;
  readonly productId: string;
  /** The product's name and slug, and its place when the products are ordered by name. */
  readonly product: { readonly name: string; readonly slug: string; readonly rank: number };
  readonly coverage: Coverage;
  /** Entitlement ids. */
  readonly entitlementIds: ReadonlySet<string>;
}

/**
 * The caller's visible licenses (SPEC §1) for the given products, or for every
 * product when `productIds` is omitted, with their product, their coverage at
 * `now` and their entitlements: one query whatever the number of licenses.
 *
 * @example
 * const licenses = await loadDownloadLicenses(db, caller, new Date(), [productId]);
 */
export async function loadDownloadLicenses(
  db: Kysely<Database>,
  caller: Caller,
  now: Date,
  productIds?: readonly string[],
): Promise<DownloadLicense[]> {
  if (productIds?.length === 0) return [];
  let query = db
    .selectFrom("licenses")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .innerJoin("products", "products.id", "licenses.product_id")
    .select((eb) => [
      "licenses.id",
      "licenses.product_id",
      "licenses.expires_at",
      "licenses.maintenance_expires_at",
      "licenses.suspended_at",
      "licenses.revoked_at",
      "policies.expiration_strategy",
      "products.name as product_name",
      "products.slug as product_slug",
      // The database's collation orders the products' names, as the list shows them.
      sql<number>`dense_rank() over (order by products.name, products.id)`.as("product_rank"),
      // Through license_entitlements' primary key, one short index range per license.
      sql<string[]>`array(${eb
        .selectFrom("license_entitlements")
        .select("license_entitlements.entitlement_id")
        .whereRef("license_entitlements.license_id", "=", "licenses.id")})`.as("entitlement_ids"),
    ])
    .where(licensesVisibleTo(caller));
  if (productIds) query = query.where("licenses.product_id", "in", [...productIds]);
  const rows = await query.orderBy("licenses.id").execute();
  return rows.map((row) => ({
    id: row.id,
    productId: row.product_id,
    product: { name: row.product_name, slug: row.product_slug, rank: Number(row.product_rank) },
    coverage: coverageOf(row, now),
    entitlementIds: new Set(row.entitlement_ids),
  }));
}

/**
 * The first of `licenses` that entitles an asset of a release published at
 * `publishedAt` (SPEC §3.5): docs need any license not suspended or revoked;
 * other kinds a license covering the release that holds every required entitlement.
 */
export function entitlingLicense(
  licenses: readonly DownloadLicense[],
  asset: { readonly kind: AssetKind; readonly requiredEntitlementIds: readonly string[] },
  publishedAt: Date,
): DownloadLicense | null {
  for (const license of licenses) {
    if (asset.kind === "docs") {
      if (opensDocs(license.coverage)) return license;
      continue;
    }
    if (!coversRelease(license.coverage, publishedAt)) continue;
    if (asset.requiredEntitlementIds.every((id) => license.entitlementIds.has(id))) return license;
  }
  return null;
}

/**
 * The asset when `caller` may download it at `now`, else null (unknown, out of
 * scope, or not entitled alike, so nothing leaks). Drafts and releases published
 * in the future are never entitled; several licenses for the product are a union.
 *
 * @example
 * const asset = await findEntitledAsset(db, callerOf(c), "ast_01JDQ8W3ZJ5X2V7M4K9T6R1BNA");
 * if (!asset) throw notFound("asset");
 */
export async function findEntitledAsset(
  db: Kysely<Database>,
  caller: Caller,
  assetId: string,
  now: Date = new Date(),
): Promise<EntitledAsset | null> {
  if (!isId("ast", assetId)) return null;
  const asset = await db
    .selectFrom("assets")
    .innerJoin("releases", "releases.id", "assets.release_id")
    .select([
      "assets.id",
      "assets.filename",
      "assets.kind",
      "assets.size",
      "assets.sha256",
      "assets.content_type",
      "assets.storage_key",
      "releases.id as release_id",
      "releases.product_id",
      "releases.version",
      "releases.published_at",
    ])
    .where("assets.id", "=", assetId)
    .where("releases.published_at", "<=", now)
    .executeTakeFirst();
  if (!asset?.published_at) return null;
  const licenses = await loadDownloadLicenses(db, caller, now, [asset.product_id]);
  if (licenses.length === 0) return null;
  const required = await db
    .selectFrom("asset_entitlements")
    .select("entitlement_id")
    .where("asset_id", "=", asset.id)
    .execute();
  const license = entitlingLicense(
    licenses,
    { kind: asset.kind, requiredEntitlementIds: required.map((row) => row.entitlement_id) },
    asset.published_at,
  );
  if (!license) return null;
  return {
    id: asset.id,
    filename: asset.filename,
    kind: asset.kind,
    size: Number(asset.size),
    sha256: asset.sha256,
    contentType: asset.content_type,
    storageKey: asset.storage_key,
    releaseId: asset.release_id,
    productId: asset.product_id,
    version: asset.version,
    licenseId: license.id,
  };
}
