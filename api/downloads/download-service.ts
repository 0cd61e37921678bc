import { type Kysely, sql } from "kysely";
import { parse, rcompare, type SemVer } from "semver";
import type { Caller } from "../accounts/customer-scope.ts";
import { invalidValue } from "../core/errors.ts";
import { DEFAULT_WORDING, type Wording } from "../core/sentence-catalogue.ts";
import type { AssetKind, Database, ReleaseChannel } from "../db/schema.ts";
import {
  type Coverage,
  coversRelease,
  type DownloadBlock,
  entitlementBlock,
  releaseBlock,
} from "./download-coverage.ts";
import {
  type DownloadLicense,
  entitlingLicense,
  loadDownloadLicenses,
} from "./download-entitlement.ts";

export interface DownloadListOptions {
  readonly channel?: ReleaseChannel | undefined;
  readonly productId?: string | undefined;
  /** Releases shown per product, newest first. */
  readonly releasesPerProduct: number;
  /** Continue a product's releases after this release id (only with `productId`). */
  readonly afterReleaseId?: string | undefined;
  readonly now?: Date | undefined;
  /** The language and time zone of the reasons' sentences. */
  readonly wording?: Wording | undefined;
}

export interface DownloadAsset {
  readonly id: string;
  readonly filename: string;
  readonly kind: AssetKind;
  readonly platform: string | null;
  readonly arch: string | null;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
  /** Entitlement codes a download needs (sorted). */
  readonly requiredEntitlements: readonly string[];
  readonly downloadable: boolean;
  readonly reason: DownloadBlock | null;
}

export interface DownloadRelease {
  readonly id: string;
  readonly version: string;
  readonly channel: ReleaseChannel;
  readonly publishedAt: Date;
  readonly notes: string | null;
  readonly covered: boolean;
  readonly reason: DownloadBlock | null;
  readonly assets: readonly DownloadAsset[];
}

export interface DownloadProduct {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly releases: readonly DownloadRelease[];
  /** The last release shown when more follow, else `null`. */
  readonly lastReleaseIdWhenMore: string | null;
}

interface ReleaseHead {
  readonly id: string;
  readonly product_id: string;
  readonly version: string;
  readonly channel: ReleaseChannel;
  readonly published_at: Date | null;
}

/**
 * What the caller may download (SPEC §4 `GET /v1/downloads`): every product they
 * hold a visible license for, each with its published releases newest first (by
 * SemVer precedence, then publication) and every release's assets, each marked
 * covered/downloadable or with the reason it is not. Releases the licenses do not
 * cover are listed with the reason, not hidden. A fixed number of queries, however
 * many products, releases and licenses (docs/downloads.md).
 *
 * @example
 * const products = await listDownloads(db, caller, { releasesPerProduct: 20 });
 */
export async function listDownloads(
  db: Kysely<Database>,
  caller: Caller,
  {
    channel,
    productId,
    releasesPerProduct,
    afterReleaseId,
    now = new Date(),
    wording = DEFAULT_WORDING,
  }: DownloadListOptions,
): Promise<DownloadProduct[]> {
  const licenses = await loadDownloadLicenses(
    db,
    caller,
    now,
    productId === undefined ? undefined : [productId],
  );
  const byProduct = groupBy(licenses, (license) => license.productId);
  if (byProduct.size === 0) {
    if (afterReleaseId !== undefined) throw unknownCursor();
    return [];
  }
  const productIds = [...byProduct.keys()];
  // Every license carries its product; the first of each group stands for it.
  const products = [...byProduct.values()]
    .map(([first]) => ({
      id: (first as DownloadLicense).productId,
      ...(first as DownloadLicense).product,
    }))
    .sort((a, b) => a.rank - b.rank);
  // Only the columns needed to order and cut; notes and assets are read for the kept releases.
  let heads = db
    .selectFrom("releases")
    .select(["id", "product_id", "version", "channel", "published_at"])
    .where("product_id", "in", productIds)
    .where("published_at", "<=", now);
  if (channel !== undefined) heads = heads.where("channel", "=", channel);
  const releasesByProduct = groupBy(await heads.execute(), (release) => release.product_id);

  const pages = new Map<string, { releases: ReleaseHead[]; more: boolean }>();
  for (const [id, releases] of releasesByProduct) {
    const ordered = newestFirst(releases);
    let start = 0;
    if (afterReleaseId !== undefined) {
      start = ordered.findIndex((release) => release.id === afterReleaseId) + 1;
      if (start === 0) throw unknownCursor();
    }
    const page = ordered.slice(start, start + releasesPerProduct);
    pages.set(id, { releases: page, more: start + releasesPerProduct < ordered.length });
  }
  if (afterReleaseId !== undefined && pages.size === 0) throw unknownCursor();

  const keptIds = [...pages.values()].flatMap((page) => page.releases.map((release) => release.id));
  const details = await loadReleaseDetails(db, keptIds);
  return products.map((product) => {
    const page = pages.get(product.id) ?? { releases: [], more: false };
    const representatives = distinctLicenses(byProduct.get(product.id) ?? []);
    return {
      id: product.id,
      name: product.name,
      slug: product.slug,
      releases: page.releases.map((head) =>
        judgeRelease(head, details.get(head.id), representatives, wording),
      ),
      lastReleaseIdWhenMore: page.more ? (page.releases.at(-1)?.id ?? null) : null,
    };
  });
}

function unknownCursor() {
  return invalidValue("query.cursor", "not a cursor of this product's releases");
}

/**
 * SemVer precedence, newest first; equal precedence (never stored twice) falls back
 * to publication. A version that is not SemVer (the Vendor API refuses them, but a
 * row written by hand could hold one) sorts last instead of failing the listing.
 * Each version is parsed once, not at every comparison.
 */
function newestFirst(releases: readonly ReleaseHead[]): ReleaseHead[] {
  const parsed = releases.map((release) => ({ release, semver: parse(release.version) }));
  parsed.sort((a, b) => compareNewestFirst(a.release, a.semver, b.release, b.semver));
  return parsed.map(({ release }) => release);
}

function compareNewestFirst(
  a: ReleaseHead,
  aVersion: SemVer | null,
  b: ReleaseHead,
  bVersion: SemVer | null,
): number {
  const byVersion =
    aVersion && bVersion ? rcompare(aVersion, bVersion) : Number(!!bVersion) - Number(!!aVersion);
  return (
    byVersion ||
    (b.published_at?.getTime() ?? 0) - (a.published_at?.getTime() ?? 0) ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}

interface ReleaseDetails {
  readonly notes: string | null;
  readonly assets: readonly {
    readonly id: string;
    readonly filename: string;
    readonly kind: AssetKind;
    readonly platform: string | null;
    readonly arch: string | null;
    readonly size: number;
    readonly sha256: string;
    readonly content_type: string;
    readonly required: readonly { readonly id: string; readonly code: string }[];
  }[];
}

/** Notes, assets and their required entitlements of the given releases, in one query. */
async function loadReleaseDetails(
  db: Kysely<Database>,
  releaseIds: readonly string[],
): Promise<Map<string, ReleaseDetails>> {
  const details = new Map<string, ReleaseDetails>();
  if (releaseIds.length === 0) return details;
  const { rows } = await sql<{ id: string; notes: string | null; assets: AssetJson[] }>`
    select r.id, r.notes, coalesce((
      select json_agg(json_build_object(
               'id', a.id, 'filename', a.filename, 'kind', a.kind, 'platform', a.platform,
               'arch', a.arch, 'size', a.size, 'sha256', a.sha256, 'content_type', a.content_type,
               'required', coalesce((
                 select json_agg(json_build_object('id', e.id, 'code', e.code) order by e.code)
                   from asset_entitlements ae join entitlements e on e.id = ae.entitlement_id
                  where ae.asset_id = a.id), '[]'))
             order by a.filename)
        from assets a where a.release_id = r.id), '[]') as assets
    from releases r
    where r.id in (${sql.join(releaseIds)})`.execute(db);
  for (const row of rows) {
    details.set(row.id, {
      notes: row.notes,
      assets: row.assets.map((asset) => ({ ...asset, size: Number(asset.size) })),
    });
  }
  return details;
}

type AssetJson = Omit<ReleaseDetails["assets"][number], "size"> & { size: number | string };

function judgeRelease(
  head: ReleaseHead,
  details: ReleaseDetails | undefined,
  licenses: readonly DownloadLicense[],
  wording: Wording,
): DownloadRelease {
  // Heads were read with `published_at <= now`, so the date is there.
  const publishedAt = head.published_at ?? new Date(0);
  const covering = licenses.filter((license) => coversRelease(license.coverage, publishedAt));
  const reason =
    covering.length > 0
      ? null
      : releaseBlock(
          licenses.map((license) => license.coverage),
          { version: head.version, publishedAt },
          wording,
        );
  return {
    id: head.id,
    version: head.version,
    channel: head.channel,
    publishedAt,
    notes: details?.notes ?? null,
    covered: reason === null,
    reason,
    assets: (details?.assets ?? []).map((asset) => {
      const entitling = entitlingLicense(
        licenses,
        { kind: asset.kind, requiredEntitlementIds: asset.required.map((entry) => entry.id) },
        publishedAt,
      );
      return {
        id: asset.id,
        filename: asset.filename,
        kind: asset.kind,
        platform: asset.platform,
        arch: asset.arch,
        size: asset.size,
        sha256: asset.sha256,
        contentType: asset.content_type,
        requiredEntitlements: asset.required.map((entry) => entry.code),
        downloadable: entitling !== null,
        // A docs asset closes only when every license is suspended or revoked, and then the
        // release is not covered either, so its reason is the asset's.
        reason:
          entitling !== null
            ? null
            : (reason ?? entitlementBlock(fewestMissing(covering, asset.required), wording)),
      };
    }),
  };
}

/** The codes the covering license closest to holding them all lacks. */
function fewestMissing(
  covering: readonly DownloadLicense[],
  required: readonly { readonly id: string; readonly code: string }[],
): string[] {
  let best: string[] | undefined;
  for (const license of covering) {
    const missing = required.filter((entry) => !license.entitlementIds.has(entry.id));
    if (!best || missing.length < best.length) best = missing.map((entry) => entry.code);
  }
  return best ?? required.map((entry) => entry.code);
}

/**
 * One license per distinct (coverage, entitlements): an account with thousands of
 * identical licenses is judged as one, so the work per release stays small.
 */
function distinctLicenses(licenses: readonly DownloadLicense[]): DownloadLicense[] {
  const seen = new Map<string, DownloadLicense>();
  for (const license of licenses) {
    const key = `${coverageKey(license.coverage)}|${[...license.entitlementIds].sort().join(",")}`;
    if (!seen.has(key)) seen.set(key, license);
  }
  return [...seen.values()];
}

function coverageKey(coverage: Coverage): string {
  return coverage.kind === "until"
    ? `until:${coverage.until?.getTime() ?? "open"}:${coverage.source}`
    : `none:${coverage.code}:${coverage.at.getTime()}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
