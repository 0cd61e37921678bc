import { type Kysely, type RawBuilder, sql } from "kysely";
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
import { addDays, daysSql, timestampSql, wholeDaysUntil } from "../core/time.ts";
import type { Database } from "../db/schema.ts";
import type { LicenseStatus } from "../licenses/license-status.ts";
import type { Caller } from "./customer-scope.ts";

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

/**
 * The licenses of the caller's account that the caller may see, as a SQL
 * condition on the alias `l`: every one for owners and admins, the assigned ones
 * for a member.
 */
function visibleTo(caller: Caller) {
  return sql`l.account_id = ${caller.accountId} ${assignedOnly(caller, sql.ref("l.id"))}`;
}

/** For a member, `and` the license is assigned to them; nothing for owners and admins. */
function assignedOnly(caller: Caller, licenseId: RawBuilder<unknown>) {
  if (caller.role !== "member") return sql``;
  return sql`and exists (
    select 1 from license_users lu where lu.license_id = ${licenseId} and lu.user_id = ${caller.userId})`;
}

/** Live: neither revoked nor suspended, so the software can still use it. */
const LIVE = sql`l.revoked_at is null and l.suspended_at is null`;

/**
 * The license figures that do not depend on the time: totals, revoked,
 * suspended, seats and licenses at a limit. An owner's or admin's come from the
 * account's stats row and its pending deltas (kept by triggers, migration 0006):
 * two index lookups, however many licenses the account has. A member's are
 * summed over their assigned licenses, which are few.
 */
function standingFigures(caller: Caller) {
  if (caller.role !== "member") {
    const columns = sql.raw(
      "total, revoked, suspended, machines_total, domains_total, machines_used, domains_used, at_limit",
    );
    return sql`select coalesce(sum(total), 0) as total, coalesce(sum(revoked), 0) as revoked,
        coalesce(sum(suspended), 0) as suspended,
        coalesce(sum(machines_total), 0) as machines_total,
        coalesce(sum(domains_total), 0) as domains_total,
        coalesce(sum(machines_used), 0) as machines_used,
        coalesce(sum(domains_used), 0) as domains_used,
        coalesce(sum(at_limit), 0) as at_limit
      from (select ${columns} from account_license_stats where account_id = ${caller.accountId}
            union all
            select ${columns} from account_license_deltas where account_id = ${caller.accountId}) s`;
  }
  return sql`select count(*) as total, coalesce(sum(u.counted_revoked), 0) as revoked,
      coalesce(sum(u.counted_suspended), 0) as suspended,
      coalesce(sum(u.counted_machines_total), 0) as machines_total,
      coalesce(sum(u.counted_domains_total), 0) as domains_total,
      coalesce(sum(u.counted_machines_used), 0) as machines_used,
      coalesce(sum(u.counted_domains_used), 0) as domains_used,
      coalesce(sum(u.counted_at_limit), 0) as at_limit
    from licenses l join license_usage u on u.license_id = l.id
    where ${visibleTo(caller)}`;
}

/**
 * Adds the pending changes of every account's license figures into its stats
 * row, in one statement (migration 0006's `fold_account_license_deltas`), so a
 * dashboard sums few delta rows; safe from several processes at once. Answers how
 * many delta rows it folded.
 */
export async function foldLicenseFigureDeltas(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ folded: number }>`
    select fold_account_license_deltas() as folded`.execute(db);
  return Number(rows[0]?.folded ?? 0);
}

/** Reads a JSON timestamp column back as a Date. */
const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

interface DashboardRow {
  readonly expiry_warning_days: number;
  readonly total: number | string;
  readonly revoked: number | string;
  readonly suspended: number | string;
  readonly machines_total: number | string;
  readonly domains_total: number | string;
  readonly machines_used: number | string;
  readonly domains_used: number | string;
  readonly at_limit: number | string;
  readonly expired: number | string;
  readonly expiring: number | string;
  readonly failing: number | string;
  readonly expiring_soon: {
    id: string;
    name: string;
    expires_at: string;
    product_id: string;
    product_name: string;
  }[];
  readonly at_limit_ids: string[];
  readonly suspended_ids: string[];
  readonly failing_ids: string[];
}

/**
 * Every figure and list of the dashboard but the activity, in one statement
 * whose cost does not grow with the account: the standing figures from the stats
 * (see {@link standingFigures}); expired and expiring from the live licenses that
 * have an end within the warning window (licenses_live_expiry_idx; the list's
 * window is written as row comparisons led by the account, which only that index
 * serves in order, so the planner never walks every account's licenses by expiry
 * through licenses_expires_idx to find five); failing from each live license's
 * latest failed validation, kept by a trigger (migration 0007,
 * license_usage_failed_idx), not from the events; each list of at most
 * {@link DASHBOARD_LIST_SIZE} ids from a partial index of its own.
 * Exported so a test can EXPLAIN exactly what runs.
 */
export function dashboardCountsQuery(caller: Caller, now: Date) {
  const at = timestampSql(now);
  const warningEnd = sql`${at} + ${daysSql(sql.ref("a.expiry_warning_days"))}`;
  const since = timestampSql(addDays(now, -FAILING_VALIDATION_DAYS));
  const limit = sql.lit(DASHBOARD_LIST_SIZE);
  const visible = visibleTo(caller);
  // The live licenses whose latest failure is recent (license_usage_failed_idx), counted and
  // listed from one scan: a separate "order by id limit 5" would tempt the planner to walk the
  // whole table in id order looking for five.
  const recentFailures = sql`from license_usage u
    where u.account_id = ${caller.accountId} and u.last_failed_at > ${since}
      and u.counted_revoked = 0 and u.counted_suspended = 0
      ${assignedOnly(caller, sql.ref("u.license_id"))}`;
  return sql<DashboardRow>`
    select a.expiry_warning_days, standing.*, dated.*, failures.*,
      (select coalesce(json_agg(soon order by soon.expires_at, soon.id), '[]')
         from (select l.id, l.name, l.expires_at, p.id as product_id, p.name as product_name
                 from licenses l join products p on p.id = l.product_id
                where ${visible} and ${LIVE} and l.expires_at is not null
                  and (l.account_id, l.expires_at) > (${caller.accountId}, ${at})
                  and (l.account_id, l.expires_at) <= (${caller.accountId}, ${warningEnd})
                order by l.account_id, l.expires_at, l.id limit ${limit}) soon) as expiring_soon,
      array(select u.license_id from license_usage u
             where u.account_id = ${caller.accountId} and u.at_limit ${assignedOnly(caller, sql.ref("u.license_id"))}
             order by u.license_id desc limit ${limit}) as at_limit_ids,
      array(select l.id from licenses l
             where ${visible} and l.suspended_at is not null and l.revoked_at is null
             order by l.id desc limit ${limit}) as suspended_ids
    from accounts a
    cross join lateral (${standingFigures(caller)}) standing
    cross join lateral (
      select count(*) filter (where l.expires_at <= ${at}) as expired,
             count(*) filter (where l.expires_at > ${at}) as expiring
        from licenses l
       where ${visible} and ${LIVE} and l.expires_at is not null and l.expires_at <= ${warningEnd}
    ) dated
    cross join lateral (
      select count(*) as failing,
             coalesce((array_agg(u.license_id order by u.license_id desc))[1:${limit}], '{}') as failing_ids
        ${recentFailures}
    ) failures
    where a.id = ${caller.accountId}`;
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
      `${say.count(count, "license")} ${count === 1 ? "ist" : "sind"} gesperrt und ${count === 1 ? "wird" : "werden"} von Ihrer Software nicht angenommen; wenden Sie sich an den Support.`,
  } satisfies Sentence<Counted>,
  FAILING_VALIDATIONS: {
    en: ({ count, days }, say) =>
      `${say.count(count, "license")} failed ${count === 1 ? "a check" : "checks"} in the last ${days} days; run a diagnosis to see why.`,
    de: ({ count, days }, say) =>
      `Bei ${say.count(count, "license", "dative")} sind in den letzten ${say.count(days, "day", "dative")} Prüfungen fehlgeschlagen; starten Sie eine Diagnose, um den Grund zu sehen.`,
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
  const { rows } = await dashboardCountsQuery(caller, now).execute(db);
  const counts = rows[0];
  if (!counts) throw new Error(`No account ${caller.accountId}`);
  const activity = await listCustomerActivity(db, caller, { limit: DASHBOARD_ACTIVITY_SIZE });
  const n = (value: string | number | null) => Number(value ?? 0);
  const days = counts.expiry_warning_days;
  const soon = counts.expiring_soon.map((row): ExpiringLicense => {
    const expiresAt = asDate(row.expires_at);
    return {
      id: row.id,
      name: row.name,
      productId: row.product_id,
      productName: row.product_name,
      expiresAt,
      daysLeft: wholeDaysUntil(expiresAt, now),
    };
  });

  const total = n(counts.total);
  const revoked = n(counts.revoked);
  const suspended = n(counts.suspended);
  const expired = n(counts.expired);
  const expiring = n(counts.expiring);
  const full = n(counts.at_limit);
  const failures = n(counts.failing);

  const reasons: HealthReason[] = [];
  if (expiring > 0) {
    reasons.push({
      code: "LICENSES_EXPIRING",
      count: expiring,
      message: w.write(REASONS.LICENSES_EXPIRING, { count: expiring, days }),
      licenseIds: soon.map((license) => license.id),
    });
  }
  if (full > 0) {
    reasons.push({
      code: "AT_LIMIT",
      count: full,
      message: w.write(REASONS.AT_LIMIT, { count: full }),
      licenseIds: counts.at_limit_ids,
    });
  }
  if (suspended > 0) {
    reasons.push({
      code: "SUSPENDED",
      count: suspended,
      message: w.write(REASONS.SUSPENDED, { count: suspended }),
      licenseIds: counts.suspended_ids,
    });
  }
  if (failures > 0) {
    reasons.push({
      code: "FAILING_VALIDATIONS",
      count: failures,
      message: w.write(REASONS.FAILING_VALIDATIONS, {
        count: failures,
        days: FAILING_VALIDATION_DAYS,
      }),
      licenseIds: counts.failing_ids,
    });
  }

  return {
    licenses: {
      total,
      active: total - revoked - suspended - expired - expiring,
      expiring,
      expired,
      suspended,
      revoked,
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
