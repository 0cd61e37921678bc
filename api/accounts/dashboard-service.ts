import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import {
  type ActivityRecord,
  listCustomerActivity,
} from "../activity/customer-activity-service.ts";
import {
  DEFAULT_WORDING,
  type Sentence,
  sentenceWriter,
  type Wording,
} from "../core/sentence-catalogue.ts";
import { addDays, wholeDaysUntil } from "../core/time.ts";
import type { ActivationKind, Database } from "../db/schema.ts";
import { effectiveLimitSql } from "../licenses/effective-limits.ts";
import { licenseStatusIs } from "../licenses/license-record.ts";
import { LICENSE_STATUSES, type LicenseStatus } from "../licenses/license-status.ts";
import { type Caller, licensesVisibleTo } from "./customer-scope.ts";

/** Why an account needs attention; each reason counts licenses. */
export type HealthReasonCode =
  | "LICENSES_EXPIRING"
  | "AT_LIMIT"
  | "SUSPENDED"
  | "FAILING_VALIDATIONS";

export interface HealthReason {
  readonly code: HealthReasonCode;
  /** How many licenses the reason applies to. */
  readonly count: number;
  readonly message: string;
  /** The first few of those licenses (see {@link DASHBOARD_LIST_SIZE}). */
  readonly licenseIds: string[];
}

export interface ExpiringLicense {
  readonly id: string;
  readonly name: string;
  readonly productId: string;
  readonly productName: string;
  readonly expiresAt: Date;
  /** Whole days left, rounded up: a license expiring in 3 hours has 1 day left. */
  readonly daysLeft: number;
}

export interface Usage {
  readonly used: number;
  readonly total: number;
}

/** Everything `GET /v1/dashboard` shows, for one caller at one moment. */
export interface Dashboard {
  readonly licenses: Record<LicenseStatus | "total", number>;
  readonly seats: { readonly machines: Usage; readonly domains: Usage };
  /** The account's warning window: licenses expiring within it count as `expiring`. */
  readonly expiryWarningDays: number;
  readonly expiringSoon: ExpiringLicense[];
  readonly health: { readonly status: "ok" | "attention"; readonly reasons: HealthReason[] };
  readonly recentActivity: ActivityRecord[];
}

/** How many licenses each list (expiring soon, a reason's ids) shows. */
export const DASHBOARD_LIST_SIZE = 5;
/** How many activity entries the dashboard shows. */
export const DASHBOARD_ACTIVITY_SIZE = 10;
/** A license whose software failed a validation within these days counts as failing. */
export const FAILING_VALIDATION_DAYS = 7;

/** What conditions over {@link visibleLicenses} may refer to. */
type LicenseScope =
  ReturnType<typeof visibleLicenses> extends SelectQueryBuilder<infer DB, infer TB, infer _>
    ? ExpressionBuilder<DB, TB>
    : never;

/** Live: neither revoked nor suspended, so the software can still use it. */
function live(eb: LicenseScope) {
  return eb.and([eb("licenses.revoked_at", "is", null), eb("licenses.suspended_at", "is", null)]);
}

/**
 * A live license that uses every slot of a kind it allows: new activations of
 * that kind are refused. A kind the license does not allow (limit 0) never counts.
 */
function atLimit(eb: LicenseScope) {
  const full = (kind: ActivationKind, used: "usage.machines" | "usage.domains") => {
    const limit = effectiveLimitSql(eb, kind);
    return sql<boolean>`(${limit} > 0 and coalesce(${sql.ref(used)}, 0) >= ${limit})`;
  };
  return eb.and([
    live(eb),
    eb.or([full("machine", "usage.machines"), full("domain", "usage.domains")]),
  ]);
}

/** A live license with an invalid validation in the last {@link FAILING_VALIDATION_DAYS} days. */
function failing(eb: LicenseScope) {
  return eb.and([live(eb), eb("failing.license_id", "is not", null)]);
}

/**
 * The caller's visible licenses with their policy, account, active bindings per
 * kind and recent failed validations, each aggregated once for the whole account
 * (through the account indexes), so the cost does not grow with per-license queries.
 */
function visibleLicenses(db: Kysely<Database>, caller: Caller, now: Date) {
  const usage = db
    .selectFrom("activations")
    .select((eb) => [
      "activations.license_id",
      eb.fn.countAll<number>().filterWhere("activations.kind", "=", "machine").as("machines"),
      eb.fn.countAll<number>().filterWhere("activations.kind", "=", "domain").as("domains"),
    ])
    .where("activations.account_id", "=", caller.accountId)
    .where("activations.deactivated_at", "is", null)
    .groupBy("activations.license_id")
    .as("usage");
  const since = addDays(now, -FAILING_VALIDATION_DAYS);
  const recentFailures = db
    .selectFrom("validation_events")
    .select("validation_events.license_id")
    .distinct()
    .where("validation_events.account_id", "=", caller.accountId)
    .where("validation_events.valid", "=", false)
    .where("validation_events.created_at", ">", since)
    .as("failing");
  return db
    .selectFrom("licenses")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .innerJoin("accounts", "accounts.id", "licenses.account_id")
    .leftJoin(usage, "usage.license_id", "licenses.id")
    .leftJoin(recentFailures, "failing.license_id", "licenses.id")
    .where(licensesVisibleTo(caller));
}

/** Counts per status, seats and each health reason, in one aggregate query. */
export function dashboardCountsQuery(db: Kysely<Database>, caller: Caller, now: Date) {
  return visibleLicenses(db, caller, now).select((eb) => {
    const notRevoked = eb("licenses.revoked_at", "is", null);
    return [
      eb.fn.countAll<string>().as("total"),
      ...LICENSE_STATUSES.map((status) =>
        eb.fn.countAll<string>().filterWhere(licenseStatusIs(status, now)).as(status),
      ),
      eb.fn
        .sum<string | null>(effectiveLimitSql(eb, "machine"))
        .filterWhere(notRevoked)
        .as("machines_total"),
      eb.fn
        .sum<string | null>(effectiveLimitSql(eb, "domain"))
        .filterWhere(notRevoked)
        .as("domains_total"),
      eb.fn.sum<string | null>("usage.machines").filterWhere(notRevoked).as("machines_used"),
      eb.fn.sum<string | null>("usage.domains").filterWhere(notRevoked).as("domains_used"),
      eb.fn.countAll<string>().filterWhere(atLimit(eb)).as("at_limit"),
      eb.fn.countAll<string>().filterWhere(failing(eb)).as("failing"),
    ];
  });
}

/** The first few ids of the visible licenses a condition holds for, newest first. */
async function firstIds(
  db: Kysely<Database>,
  caller: Caller,
  now: Date,
  condition: (eb: LicenseScope) => ReturnType<LicenseScope["and"]>,
): Promise<string[]> {
  const rows = await visibleLicenses(db, caller, now)
    .select("licenses.id")
    .where(condition)
    .orderBy("licenses.id", "desc")
    .limit(DASHBOARD_LIST_SIZE)
    .execute();
  return rows.map((row) => row.id);
}

/** The visible licenses expiring within the account's warning window, soonest first. */
async function expiringSoon(
  db: Kysely<Database>,
  caller: Caller,
  now: Date,
): Promise<ExpiringLicense[]> {
  const rows = await db
    .selectFrom("licenses")
    .innerJoin("products", "products.id", "licenses.product_id")
    .innerJoin("accounts", "accounts.id", "licenses.account_id")
    .select([
      "licenses.id",
      "licenses.name",
      "licenses.expires_at",
      "products.id as product_id",
      "products.name as product_name",
    ])
    .where(licensesVisibleTo(caller))
    .where(licenseStatusIs("expiring", now))
    .orderBy("licenses.expires_at", "asc")
    .orderBy("licenses.id", "asc")
    .limit(DASHBOARD_LIST_SIZE)
    .execute();
  return rows.map((row) => {
    // The status filter guarantees a date; the column type cannot know it.
    const expiresAt = row.expires_at as Date;
    return {
      id: row.id,
      name: row.name,
      productId: row.product_id,
      productName: row.product_name,
      expiresAt,
      daysLeft: wholeDaysUntil(expiresAt, now),
    };
  });
}

type Counted = { readonly count: number };

/** The health reasons in words, each in English and German side by side. */
const REASONS = {
  LICENSES_EXPIRING: {
    en: ({ count, days }, say) =>
      `${say.count(count, "license")} ${count === 1 ? "expires" : "expire"} within ${days} days; renew to keep ${count === 1 ? "it" : "them"} working.`,
    de: ({ count, days }, say) =>
      `${say.count(count, "license")} ${count === 1 ? "läuft" : "laufen"} innerhalb von ${say.count(days, "day", "dative")} ab; verlängern Sie sie, damit sie weiter ${count === 1 ? "funktioniert" : "funktionieren"}.`,
  } satisfies Sentence<Counted & { days: number }>,
  AT_LIMIT: {
    en: ({ count }, say) =>
      `${say.count(count, "license")} ${count === 1 ? "uses" : "use"} every machine or domain slot; deactivate one before activating another.`,
    de: ({ count }, say) =>
      `${say.count(count, "license")} ${count === 1 ? "nutzt" : "nutzen"} alle Geräte- oder Domainplätze; deaktivieren Sie eine Aktivierung, bevor Sie eine weitere aktivieren.`,
  } satisfies Sentence<Counted>,
  SUSPENDED: {
    en: ({ count }, say) =>
      `${say.count(count, "license")} ${count === 1 ? "is" : "are"} suspended and will not validate; contact support.`,
    de: ({ count }, say) =>
      `${say.count(count, "license")} ${count === 1 ? "ist" : "sind"} gesperrt und ${count === 1 ? "besteht" : "bestehen"} keine Prüfung; wenden Sie sich an den Support.`,
  } satisfies Sentence<Counted>,
  FAILING_VALIDATIONS: {
    en: ({ count, days }, say) =>
      `Validations of ${say.count(count, "license")} failed in the last ${days} days; run a diagnosis to see why.`,
    de: ({ count, days }, say) =>
      `Prüfungen von ${say.count(count, "license", "dative")} sind in den letzten ${say.count(days, "day", "dative")} fehlgeschlagen; starten Sie eine Diagnose, um den Grund zu sehen.`,
  } satisfies Sentence<Counted & { days: number }>,
} as const satisfies Record<HealthReasonCode, unknown>;

/**
 * The dashboard of a caller: license counts per derived status, seats used of
 * total over the non-revoked licenses, the licenses expiring soonest, the
 * account's health with its reasons, and the latest visible activity. Owners and
 * admins see their whole account; a member only their assigned licenses.
 *
 * @example
 * const dashboard = await getDashboard(db, callerOf(c), new Date(), wording);
 * if (dashboard.health.status === "attention") console.log(dashboard.health.reasons);
 */
export async function getDashboard(
  db: Kysely<Database>,
  caller: Caller,
  now: Date = new Date(),
  wording: Wording = DEFAULT_WORDING,
): Promise<Dashboard> {
  const w = sentenceWriter(wording);
  const counts = await dashboardCountsQuery(db, caller, now).executeTakeFirstOrThrow();
  const account = await db
    .selectFrom("accounts")
    .select("expiry_warning_days")
    .where("id", "=", caller.accountId)
    .executeTakeFirstOrThrow();
  const soon = await expiringSoon(db, caller, now);
  const n = (value: string | number | bigint | null) => Number(value ?? 0);
  const days = account.expiry_warning_days;

  const reasons: HealthReason[] = [];
  const expiring = n(counts.expiring);
  if (expiring > 0) {
    reasons.push({
      code: "LICENSES_EXPIRING",
      count: expiring,
      message: w.write(REASONS.LICENSES_EXPIRING, { count: expiring, days }),
      licenseIds: soon.map((license) => license.id),
    });
  }
  const full = n(counts.at_limit);
  if (full > 0) {
    reasons.push({
      code: "AT_LIMIT",
      count: full,
      message: w.write(REASONS.AT_LIMIT, { count: full }),
      licenseIds: await firstIds(db, caller, now, atLimit),
    });
  }
  const suspended = n(counts.suspended);
  if (suspended > 0) {
    reasons.push({
      code: "SUSPENDED",
      count: suspended,
      message: w.write(REASONS.SUSPENDED, { count: suspended }),
      licenseIds: await firstIds(db, caller, now, licenseStatusIs("suspended", now)),
    });
  }
  const failures = n(counts.failing);
  if (failures > 0) {
    reasons.push({
      code: "FAILING_VALIDATIONS",
      count: failures,
      message: w.write(REASONS.FAILING_VALIDATIONS, {
        count: failures,
        days: FAILING_VALIDATION_DAYS,
      }),
      licenseIds: await firstIds(db, caller, now, failing),
    });
  }

  const activity = await listCustomerActivity(db, caller, { limit: DASHBOARD_ACTIVITY_SIZE });
  return {
    licenses: {
      total: n(counts.total),
      active: n(counts.active),
      expiring,
      expired: n(counts.expired),
      suspended,
      revoked: n(counts.revoked),
    },
    seats: {
      machines: { used: n(counts.machines_used), total: n(counts.machines_total) },
      domains: { used: n(counts.domains_used), total: n(counts.domains_total) },
    },
    expiryWarningDays: days,
    expiringSoon: soon,
    health: { status: reasons.length > 0 ? "attention" : "ok", reasons },
    recentActivity: activity.slice(0, DASHBOARD_ACTIVITY_SIZE),
  };
}
