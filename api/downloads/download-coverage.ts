import {
  DEFAULT_WORDING,
  type Sentence,
  sentenceWriter,
  type Wording,
} from "../core/sentence-catalogue.ts";
import type { ExpirationStrategy } from "../db/schema.ts";
import { maintenanceEndOf } from "../licenses/maintenance-end.ts";

/** Why a license lets its holder download no release at all. */
export type NoCoverageCode = "LICENSE_EXPIRED" | "LICENSE_SUSPENDED" | "LICENSE_REVOKED";

/** Why a release (or an asset of it) cannot be downloaded. */
export type DownloadBlockCode = NoCoverageCode | "MAINTENANCE_ENDED" | "ENTITLEMENT_MISSING";

/** What one license covers at a moment: releases published up to a date (`null`: all), or nothing. */
export type Coverage =
  | {
      readonly kind: "until";
      /** The last publication moment covered; `null` when there is no end. */
      readonly until: Date | null;
      /** Which date the bound comes from, for the message that names it. */
      readonly source: "maintenance" | "expiry";
    }
  | { readonly kind: "none"; readonly code: NoCoverageCode; readonly at: Date };

/** The license columns coverage depends on. */
export interface CoverageLicense {
  readonly expires_at: Date | null;
  readonly maintenance_expires_at: Date | null;
  readonly suspended_at: Date | null;
  readonly revoked_at: Date | null;
  readonly expiration_strategy: ExpirationStrategy;
}

/**
 * Which releases a license covers at `now` (SPEC §2, §3.5; docs/downloads.md has
 * the table). The coverage end is the maintenance end (licenses/maintenance-end.ts),
 * as for VERSION_NOT_COVERED in license-evaluation.ts. Before expiry every strategy covers
 * releases published up to it; after expiry `revoke` and `maintain` cover nothing,
 * `restrict` covers up to the earlier of the coverage end and the expiry, `allow`
 * up to the coverage end.
 *
 * @example
 * coverageOf({ expires_at: lastYear, maintenance_expires_at: null, suspended_at: null,
 *   revoked_at: null, expiration_strategy: "restrict" }, now);
 * // { kind: "until", until: lastYear, source: "expiry" }
 */
export function coverageOf(license: CoverageLicense, now: Date): Coverage {
  if (license.revoked_at) return { kind: "none", code: "LICENSE_REVOKED", at: license.revoked_at };
  if (license.suspended_at) {
    return { kind: "none", code: "LICENSE_SUSPENDED", at: license.suspended_at };
  }
  const expiresAt = license.expires_at;
  const end = maintenanceEndOf(license);
  const source = license.maintenance_expires_at ? "maintenance" : "expiry";
  if (expiresAt === null || expiresAt.getTime() > now.getTime()) {
    return { kind: "until", until: end, source };
  }
  switch (license.expiration_strategy) {
    case "revoke":
    case "maintain":
      return { kind: "none", code: "LICENSE_EXPIRED", at: expiresAt };
    case "restrict":
      // A maintenance end later than the expiry does not stretch an expired license.
      return end !== null && end.getTime() < expiresAt.getTime()
        ? { kind: "until", until: end, source }
        : { kind: "until", until: expiresAt, source: "expiry" };
    case "allow":
      return { kind: "until", until: end, source };
  }
}

/** Whether the coverage includes a release published at `publishedAt`. */
export function coversRelease(coverage: Coverage, publishedAt: Date): boolean {
  return (
    coverage.kind === "until" &&
    (coverage.until === null || publishedAt.getTime() <= coverage.until.getTime())
  );
}

/** Whether the license still opens the product's docs assets: any license not suspended or revoked. */
export function opensDocs(coverage: Coverage): boolean {
  return coverage.kind === "until" || coverage.code === "LICENSE_EXPIRED";
}

/** A reason shown next to a release or asset the caller cannot download. */
export interface DownloadBlock {
  readonly code: DownloadBlockCode;
  readonly message: string;
  /** The date the reason refers to (maintenance end, expiry, suspension), when there is one. */
  readonly at: Date | null;
  /** For ENTITLEMENT_MISSING: the entitlement codes the best license lacks. */
  readonly missing?: readonly string[];
}

/** The reasons in words, each in English and German side by side. */
const REASONS = {
  maintenanceEnded: {
    en: ({ source, publishedAt, until, version }, say) =>
      `Released on ${say.day(publishedAt)} after ${source === "maintenance" ? "your maintenance ended" : "your license expired"} on ${say.day(until)}; renew to get ${version}.`,
    de: ({ source, publishedAt, until, version }, say) =>
      `Am ${say.day(publishedAt)} erschienen, nach ${source === "maintenance" ? "dem Ende Ihrer Wartung" : "dem Ablauf Ihrer Lizenz"} am ${say.day(until)}; verlängern Sie, um ${version} zu erhalten.`,
  } satisfies Sentence<{
    source: "maintenance" | "expiry";
    publishedAt: Date;
    until: Date;
    version: string;
  }>,
  LICENSE_EXPIRED: {
    en: ({ at }, say) => `Your license expired on ${say.day(at)}; renew it to download again.`,
    de: ({ at }, say) =>
      `Ihre Lizenz ist am ${say.day(at)} abgelaufen; verlängern Sie sie, um wieder herunterzuladen.`,
  } satisfies Sentence<{ at: Date }>,
  LICENSE_SUSPENDED: {
    en: ({ at }, say) => `Your license was suspended on ${say.day(at)}; contact support.`,
    de: ({ at }, say) =>
      `Ihre Lizenz wurde am ${say.day(at)} gesperrt; wenden Sie sich an den Support.`,
  } satisfies Sentence<{ at: Date }>,
  LICENSE_REVOKED: {
    en: ({ at }, say) => `Your license was revoked on ${say.day(at)}.`,
    de: ({ at }, say) => `Ihre Lizenz wurde am ${say.day(at)} widerrufen.`,
  } satisfies Sentence<{ at: Date }>,
  noLicense: {
    en: "You hold no license that covers this release.",
    de: "Sie haben keine Lizenz, die diese Version abdeckt.",
  },
  entitlementMissing: {
    en: ({ missing }) =>
      `This file needs ${missing.length === 1 ? "the entitlement" : "the entitlements"} ${missing.join(", ")}, which your license does not include.`,
    de: ({ missing }) =>
      `Diese Datei erfordert ${missing.length === 1 ? "die Berechtigung" : "die Berechtigungen"} ${missing.join(", ")}, die Ihre Lizenz nicht enthält.`,
  } satisfies Sentence<{ missing: readonly string[] }>,
} as const;

/** Reasons without coverage, most helpful first: a renewal fixes an expiry, support the others. */
const NONE_ORDER: readonly NoCoverageCode[] = [
  "LICENSE_EXPIRED",
  "LICENSE_SUSPENDED",
  "LICENSE_REVOKED",
];

/**
 * Why none of `coverages` (the caller's licenses for the product) covers the
 * release, naming the dates: the latest coverage end when some license has one,
 * else the most helpful reason a license covers nothing. Written for `wording`.
 *
 * @example
 * releaseBlock([{ kind: "until", until: may, source: "maintenance" }], { version: "3.0.0", publishedAt: june });
 * // { code: "MAINTENANCE_ENDED", message: "Released on 1 June 2026 after your maintenance ended on 1 May 2026; renew to get 3.0.0.", … }
 */
export function releaseBlock(
  coverages: readonly Coverage[],
  release: { readonly version: string; readonly publishedAt: Date },
  wording: Wording = DEFAULT_WORDING,
): DownloadBlock {
  const w = sentenceWriter(wording);
  let latest: Extract<Coverage, { kind: "until" }> | undefined;
  for (const coverage of coverages) {
    if (coverage.kind !== "until" || coverage.until === null) continue;
    if (!latest?.until || coverage.until.getTime() > latest.until.getTime()) latest = coverage;
  }
  if (latest?.until) {
    return {
      code: "MAINTENANCE_ENDED",
      message: w.write(REASONS.maintenanceEnded, {
        source: latest.source,
        publishedAt: release.publishedAt,
        until: latest.until,
        version: release.version,
      }),
      at: latest.until,
    };
  }
  for (const code of NONE_ORDER) {
    const matching = coverages.filter(
      (coverage): coverage is Extract<Coverage, { kind: "none" }> =>
        coverage.kind === "none" && coverage.code === code,
    );
    if (matching.length === 0) continue;
    const at = new Date(Math.max(...matching.map((coverage) => coverage.at.getTime())));
    return { code, message: w.write(REASONS[code], { at }), at };
  }
  // No licenses at all: the caller would not see the product, but answer something true.
  return { code: "LICENSE_REVOKED", message: w.fixed(REASONS.noLicense), at: null };
}

/** The reason an asset of a covered release stays closed: the entitlements the best license lacks. */
export function entitlementBlock(
  missing: readonly string[],
  wording: Wording = DEFAULT_WORDING,
): DownloadBlock {
  return {
    code: "ENTITLEMENT_MISSING",
    message: sentenceWriter(wording).write(REASONS.entitlementMissing, { missing }),
    at: null,
    missing,
  };
}
