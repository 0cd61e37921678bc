import type { Kysely } from "kysely";
import { type Caller, licensesVisibleTo } from "../accounts/customer-scope.ts";
import { customerDeactivationWindow } from "../activations/deactivation-window.ts";
import { isId } from "../core/ids.ts";
import { DEFAULT_WORDING, type Wording } from "../core/sentence-catalogue.ts";
import { addDays } from "../core/time.ts";
import type { Activation, ActivationKind, Database } from "../db/schema.ts";
import { deriveLicenseStatus } from "../licenses/license-status.ts";
import { maintenanceEndOf } from "../licenses/maintenance-end.ts";
import {
  gatherFacts,
  type LicensingLicense,
  selectLicensingLicenses,
  withEntitlementCodes,
} from "../licensing/licensing-facts.ts";
import { activationLabel } from "./diagnosis-wording.ts";
import { type ActivationRef, type Diagnosis, diagnoseFromFacts } from "./license-diagnosis.ts";

/** What the customer asks about; each part is checked only when given (like validate's body). */
export interface DiagnoseQuestion {
  readonly kind?: ActivationKind | undefined;
  /** The fingerprint or the normalised domain. */
  readonly identifier?: string | undefined;
  /** A strict SemVer version. */
  readonly version?: string | undefined;
  readonly entitlements?: readonly string[] | undefined;
}

export interface DiagnoseOptions {
  readonly now?: Date | undefined;
  /** Failed validations younger than this many days are explained. */
  readonly failureDays?: number | undefined;
  /** At most this many of them, newest first. */
  readonly failureLimit?: number | undefined;
  /** The language and time zone the sentences are written for. */
  readonly wording?: Wording | undefined;
}

/** Activations named as the ones to free, per kind. */
const CANDIDATES = 3;

/**
 * Diagnoses a license the caller may see, by id (no key needed): the same
 * facts validation evaluates, explained finding by finding, with the recent
 * failed validations. Read only: it records no validation event and touches no
 * activation. `null` when the license is outside the caller's scope.
 *
 * @example
 * const diagnosis = await diagnoseLicense(db, caller, "lic_…", { kind: "machine", identifier: "c0ffee" }, { wording });
 */
export async function diagnoseLicense(
  db: Kysely<Database>,
  caller: Caller,
  licenseId: string,
  question: DiagnoseQuestion,
  {
    now = new Date(),
    failureDays = 30,
    failureLimit = 5,
    wording = DEFAULT_WORDING,
  }: DiagnoseOptions = {},
): Promise<Diagnosis | null> {
  const license = await findVisibleLicense(db, caller, licenseId);
  if (!license) return null;
  const { facts, binding } = await gatherFacts(
    db,
    license,
    { ...question, productId: undefined },
    now,
  );
  const coverageEnd = maintenanceEndOf(license);
  return diagnoseFromFacts(
    {
      facts,
      license: {
        id: license.id,
        name: license.name,
        productName: license.product_name,
        status: deriveLicenseStatus(license, license.expiry_warning_days, now),
      },
      policy: {
        protected: license.protected,
        deactivationLimit: license.deactivation_limit,
        deactivationWindowDays: license.deactivation_window_days,
      },
      deactivations: await customerDeactivationWindow(
        db,
        {
          licenseId: license.id,
          windowDays: license.deactivation_window_days,
          limit: license.deactivation_limit,
        },
        now,
      ),
      identifier: question.identifier,
      binding: binding ? await describeBinding(db, binding) : null,
      leastRecentlySeen: {
        machine: await leastRecentlySeen(db, license.id, "machine"),
        domain: await leastRecentlySeen(db, license.id, "domain"),
      },
      // Offered only when a version was asked about: it is the way out of VERSION_NOT_COVERED.
      latestCovered:
        coverageEnd && question.version !== undefined
          ? await latestReleaseBefore(db, license.product_id, coverageEnd < now ? coverageEnd : now)
          : null,
      recentFailures: await recentFailures(db, license.id, now, failureDays, failureLimit),
    },
    wording,
  );
}

type VisibleLicense = LicensingLicense & {
  readonly product_name: string;
  readonly protected: boolean;
  readonly deactivation_limit: number | null;
  readonly deactivation_window_days: number;
};

/** The license with its policy's rules and entitlement codes, when the caller may see it. */
async function findVisibleLicense(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
): Promise<VisibleLicense | null> {
  if (!isId("lic", id)) return null;
  const row = await selectLicensingLicenses(db)
    .innerJoin("products", "products.id", "licenses.product_id")
    .select([
      "policies.protected",
      "policies.deactivation_limit",
      "policies.deactivation_window_days",
      "products.name as product_name",
    ])
    .where("licenses.id", "=", id)
    .where(licensesVisibleTo(caller))
    .executeTakeFirst();
  return row ? withEntitlementCodes(db, row) : null;
}

/** The binding in words: its label, and the name of the user who ended it, if one did. */
async function describeBinding(db: Kysely<Database>, binding: Activation) {
  const user = binding.deactivated_by_user_id
    ? await db
        .selectFrom("users")
        .select("name")
        .where("id", "=", binding.deactivated_by_user_id)
        // Named as the activity trail names them: only a user of the license's own account.
        .where("account_id", "=", binding.account_id)
        .executeTakeFirst()
    : undefined;
  return {
    name: activationLabel(binding),
    deactivatedByUser: user?.name ?? null,
    reason: binding.reason,
  };
}

/** The active activations of a kind that were seen longest ago: the best ones to free. */
async function leastRecentlySeen(
  db: Kysely<Database>,
  licenseId: string,
  kind: ActivationKind,
): Promise<ActivationRef[]> {
  const rows = await db
    .selectFrom("activations")
    .select(["id", "kind", "name", "hostname", "identifier", "last_seen_at"])
    .where("license_id", "=", licenseId)
    .where("kind", "=", kind)
    .where("deactivated_at", "is", null)
    .orderBy("last_seen_at", "asc")
    .orderBy("id", "asc")
    .limit(CANDIDATES)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    name: activationLabel(row),
    lastSeenAt: row.last_seen_at,
  }));
}

/** The newest release of the product published on or before `end` (never a scheduled one: `end` ≤ now); `null` when none. */
async function latestReleaseBefore(db: Kysely<Database>, productId: string, end: Date) {
  const row = await db
    .selectFrom("releases")
    .select(["version", "published_at"])
    .where("product_id", "=", productId)
    .where("published_at", "<=", end)
    .orderBy("published_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.published_at ? { version: row.version, publishedAt: row.published_at } : null;
}

/** The latest failed validations of the license within `days`, newest first. */
async function recentFailures(
  db: Kysely<Database>,
  licenseId: string,
  now: Date,
  days: number,
  limit: number,
) {
  const rows = await db
    .selectFrom("validation_events")
    .select(["code", "created_at", "fingerprint", "domain", "version"])
    .where("license_id", "=", licenseId)
    .where("valid", "=", false)
    .where("created_at", ">", addDays(now, -days))
    // Ids are time-ordered, so the (license_id, id) index gives newest first.
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    code: row.code,
    at: row.created_at,
    fingerprint: row.fingerprint,
    domain: row.domain,
    version: row.version,
  }));
}
