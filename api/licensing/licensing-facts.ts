import { type Kysely, sql } from "kysely";
import type { Activation, ActivationKind, Database, License, Policy } from "../db/schema.ts";
import { effectiveLimits } from "../licenses/effective-limits.ts";
import { deriveLicenseStatus, type LicenseStatus } from "../licenses/license-status.ts";
import type { EvaluationFacts } from "./license-evaluation.ts";

/** A license as the Licensing API sees it: the row with its policy's rules and its entitlement codes. */
export interface LicensingLicense extends License {
  readonly expiration_strategy: Policy["expiration_strategy"];
  readonly heartbeat_seconds: number | null;
  readonly policy_max_machines: number;
  readonly policy_max_domains: number;
  readonly expiry_warning_days: number;
  readonly entitlements: string[];
}

/** What the software asked about, beyond the key. */
export interface LicensingQuestion {
  readonly kind?: ActivationKind | undefined;
  /** The fingerprint or the normalised domain. */
  readonly identifier?: string | undefined;
  /** A strict SemVer version. */
  readonly version?: string | undefined;
  readonly entitlements?: readonly string[] | undefined;
  readonly productId?: string | undefined;
}

/**
 * The licenses with their policy's rules, as `LicensingLicense` reads them; add
 * the `where` (and any further columns), then `withEntitlementCodes`.
 */
export function selectLicensingLicenses(db: Kysely<Database>) {
  return db
    .selectFrom("licenses")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .innerJoin("accounts", "accounts.id", "licenses.account_id")
    .selectAll("licenses")
    .select([
      "policies.expiration_strategy",
      "policies.heartbeat_seconds",
      "policies.max_machines as policy_max_machines",
      "policies.max_domains as policy_max_domains",
      "accounts.expiry_warning_days",
    ]);
}

/** The row with the entitlement codes its license holds, in code order. */
export async function withEntitlementCodes<Row extends { readonly id: string }>(
  db: Kysely<Database>,
  row: Row,
): Promise<Row & { readonly entitlements: string[] }> {
  const codes = await db
    .selectFrom("license_entitlements")
    .innerJoin("entitlements", "entitlements.id", "license_entitlements.entitlement_id")
    .select("entitlements.code")
    .where("license_entitlements.license_id", "=", row.id)
    .orderBy("entitlements.code")
    .execute();
  return { ...row, entitlements: codes.map((code) => code.code) };
}

/**
 * The license whose key has this lookup hash, with its policy rules; `null` when
 * none. Known and unknown keys take the same path: one indexed lookup by hash.
 */
export async function findLicensingLicense(
  db: Kysely<Database>,
  keyHash: string,
): Promise<LicensingLicense | null> {
  const row = await selectLicensingLicenses(db)
    .where("licenses.key_hash", "=", keyHash)
    .executeTakeFirst();
  return row ? withEntitlementCodes(db, row) : null;
}

/** Active bindings per kind. */
export async function countActiveBindings(
  db: Kysely<Database>,
  licenseId: string,
): Promise<{ machine: number; domain: number }> {
  const rows = await db
    .selectFrom("activations")
    .select(["kind", (eb) => eb.fn.countAll<number>().as("n")])
    .where("license_id", "=", licenseId)
    .where("deactivated_at", "is", null)
    .groupBy("kind")
    .execute();
  const used = { machine: 0, domain: 0 };
  for (const row of rows) used[row.kind] = Number(row.n);
  return used;
}

/** The binding of a fingerprint or domain: the active one, else the most recently created ended one. */
export async function findBinding(
  db: Kysely<Database>,
  licenseId: string,
  kind: ActivationKind,
  identifier: string,
): Promise<Activation | null> {
  const row = await db
    .selectFrom("activations")
    .selectAll()
    .where("license_id", "=", licenseId)
    .where("kind", "=", kind)
    .where("identifier", "=", identifier)
    .orderBy((eb) => eb("deactivated_at", "is", null), "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** Everything validation and heartbeat read about a key, from one statement. */
export interface LicensingSnapshot {
  readonly license: LicensingLicense;
  readonly used: { readonly machine: number; readonly domain: number };
  /** The binding of the question's fingerprint or domain (see findBinding); `null` when none or not asked. */
  readonly binding: Activation | null;
  /** When the asked version was published; `undefined` when unknown, unpublished or not asked. */
  readonly versionReleasedAt: Date | undefined;
}

/**
 * The license whose key has this lookup hash with all the facts a validation
 * needs — policy rules, entitlement codes, active bindings per kind, the asked
 * binding and the asked version's release date — in one statement (the hot path
 * of every installed copy); `null` for an unknown key. Reads what
 * findLicensingLicense, countActiveBindings, findBinding and versionReleasedAt
 * read, so both paths evaluate the same facts.
 */
export async function findLicensingSnapshot(
  db: Kysely<Database>,
  keyHash: string,
  question: LicensingQuestion,
): Promise<LicensingSnapshot | null> {
  const { kind, identifier, version } = question;
  const asksBinding = kind !== undefined && identifier !== undefined;
  const row = await selectLicensingLicenses(db)
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("activations")
          .select((inner) => [
            inner.fn.countAll<string>().filterWhere("kind", "=", "machine").as("machines_used"),
            inner.fn.countAll<string>().filterWhere("kind", "=", "domain").as("domains_used"),
          ])
          .whereRef("activations.license_id", "=", "licenses.id")
          .where("activations.deactivated_at", "is", null)
          .as("used"),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("activations")
          .selectAll("activations")
          .whereRef("activations.license_id", "=", "licenses.id")
          .where("activations.kind", "=", kind ?? "machine")
          .where("activations.identifier", "=", identifier ?? "")
          .where(sql.lit(asksBinding), "=", true)
          .orderBy((inner) => inner("activations.deactivated_at", "is", null), "desc")
          .orderBy("activations.id", "desc")
          .limit(1)
          .as("binding"),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      "used.machines_used",
      "used.domains_used",
      sql<ActivationRow | null>`case when ${eb.ref("binding.id")} is null then null else row_to_json(binding) end`.as(
        "binding_row",
      ),
      eb
        .selectFrom("license_entitlements")
        .innerJoin("entitlements", "entitlements.id", "license_entitlements.entitlement_id")
        .select(sql<string[]>`array_agg(entitlements.code order by entitlements.code)`.as("codes"))
        .whereRef("license_entitlements.license_id", "=", "licenses.id")
        .as("entitlement_codes"),
      eb
        .selectFrom("releases")
        .select("releases.published_at")
        .whereRef("releases.product_id", "=", "licenses.product_id")
        .where("releases.version", "=", version ?? "")
        .where(sql.lit(version !== undefined), "=", true)
        .as("version_released_at"),
    ])
    .where("licenses.key_hash", "=", keyHash)
    .executeTakeFirst();
  if (!row) return null;
  const {
    machines_used,
    domains_used,
    binding_row,
    entitlement_codes,
    version_released_at,
    ...license
  } = row;
  return {
    license: { ...license, entitlements: entitlement_codes ?? [] },
    used: { machine: Number(machines_used), domain: Number(domains_used) },
    binding: binding_row ? activationFromJson(binding_row) : null,
    versionReleasedAt: version_released_at ?? undefined,
  };
}

/** An activations row as `row_to_json` gives it: timestamps as ISO strings. */
type ActivationRow = {
  [K in keyof Activation]: Activation[K] extends Date | null ? string | null : Activation[K];
};

function activationFromJson(row: ActivationRow): Activation {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    ...row,
    created_at: new Date(row.created_at as string),
    last_seen_at: new Date(row.last_seen_at as string),
    deactivated_at: date(row.deactivated_at),
  } as Activation;
}

/** When a version of the product was published; `undefined` for an unknown or unpublished version. */
export async function versionReleasedAt(
  db: Kysely<Database>,
  productId: string,
  version: string | undefined,
): Promise<Date | undefined> {
  if (version === undefined) return undefined;
  const row = await db
    .selectFrom("releases")
    .select("published_at")
    .where("product_id", "=", productId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row?.published_at ?? undefined;
}

/** Gathers the facts for evaluateLicense (the binding, counts and release date are read here). */
export async function gatherFacts(
  db: Kysely<Database>,
  license: LicensingLicense,
  question: LicensingQuestion,
  now: Date,
): Promise<{ facts: EvaluationFacts; binding: Activation | null }> {
  const used = await countActiveBindings(db, license.id);
  const binding =
    question.kind !== undefined && question.identifier !== undefined
      ? await findBinding(db, license.id, question.kind, question.identifier)
      : null;
  const releasedAt = await versionReleasedAt(db, license.product_id, question.version);
  return {
    facts: factsOf({ license, used, binding, versionReleasedAt: releasedAt }, question, now),
    binding,
  };
}

/** The facts for evaluateLicense from what was read about the key. */
export function factsOf(
  { license, used, binding, versionReleasedAt }: LicensingSnapshot,
  question: LicensingQuestion,
  now: Date,
): EvaluationFacts {
  return {
    license: {
      productId: license.product_id,
      expiresAt: license.expires_at,
      maintenanceExpiresAt: license.maintenance_expires_at,
      suspendedAt: license.suspended_at,
      revokedAt: license.revoked_at,
      entitlements: license.entitlements,
    },
    policy: {
      expirationStrategy: license.expiration_strategy,
      heartbeatSeconds: license.heartbeat_seconds,
    },
    limits: effectiveLimits(license),
    used,
    request: {
      kind: question.kind,
      binding: binding
        ? {
            kind: binding.kind,
            lastSeenAt: binding.last_seen_at,
            deactivatedAt: binding.deactivated_at,
            deactivatedBy: binding.deactivated_by,
          }
        : null,
      versionReleasedAt,
      version: question.version,
      entitlements: question.entitlements,
      productId: question.productId,
    },
    now,
  };
}

/** What every answer about a known key says of the license. */
export interface LicenseSummary {
  readonly id: string;
  readonly status: LicenseStatus;
  readonly expiresAt: Date | null;
  readonly maintenanceExpiresAt: Date | null;
  readonly entitlements: readonly string[];
}

export function summarizeLicense(license: LicensingLicense, now: Date): LicenseSummary {
  return {
    id: license.id,
    status: deriveLicenseStatus(license, license.expiry_warning_days, now),
    expiresAt: license.expires_at,
    maintenanceExpiresAt: license.maintenance_expires_at,
    entitlements: license.entitlements,
  };
}
