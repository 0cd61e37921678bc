import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { addDays, daysSql, timestampSql } from "../core/time.ts";
import type { Database } from "../db/schema.ts";

/*
 * The rule (SPEC §3.2): a policy's `deactivation_limit` caps the deactivations a
 * customer makes themselves within a rolling window of the last
 * `deactivation_window_days` 24-hour days; a deactivation counts while it is
 * younger than the window, and ones by the vendor, the software or the system
 * never count. The TypeScript form reads a moment; the SQL form is for queries
 * that join `policies`. deactivation-window.test.ts proves they agree.
 */

/** The window's open start at `now`: deactivations after it count. */
export function deactivationWindowStart(windowDays: number, now: Date): Date {
  return addDays(now, -windowDays);
}

/** Whether a customer deactivation at `deactivatedAt` still counts against the limit at `now`. */
export function countsInDeactivationWindow(
  deactivatedAt: Date,
  windowDays: number,
  now: Date,
): boolean {
  return deactivatedAt > deactivationWindowStart(windowDays, now);
}

/**
 * The SQL twin of {@link deactivationWindowStart}, from the joined policy's window.
 *
 * @example
 * eb("recent.deactivated_at", ">", deactivationWindowStartSql(eb, now))
 */
export function deactivationWindowStartSql(eb: ExpressionBuilder<Database, "policies">, now: Date) {
  return sql<Date>`${timestampSql(now)} - ${daysSql(eb.ref("policies.deactivation_window_days"))}`;
}

/** What remains of `limit` after `used`; `null` when the policy sets no limit. */
export function deactivationsLeftUnder(limit: number | null, used: number): number | null {
  return limit === null ? null : Math.max(0, limit - used);
}

/** Whether `used` deactivations in the window use up `limit` (a limit of 0 allows none); never without a limit. */
export function isDeactivationLimitReached(limit: number | null, used: number): boolean {
  return limit !== null && used >= limit;
}

/** Customer deactivations of a license inside its policy's rolling window, and the moment the next is allowed. */
export interface DeactivationWindow {
  readonly usedInWindow: number;
  /** Customer deactivations still allowed in the window; `null` when there is no limit. */
  readonly left: number | null;
  /**
   * When the count drops below `limit`: the moment the deactivation that must
   * leave first (the (count − limit + 1)-th oldest) is a whole window old;
   * `null` while there is room (or when the limit is 0 and no deactivation is ever allowed).
   */
  readonly nextAllowedAt: Date | null;
}

/**
 * Counts the customer deactivations of a license in the rolling window and
 * works out when the next one is allowed under `limit` (SPEC §3.2).
 *
 * @example
 * const { usedInWindow, left, nextAllowedAt } = await customerDeactivationWindow(db, { licenseId, windowDays: 30, limit: 3 });
 */
export async function customerDeactivationWindow(
  db: Kysely<Database>,
  {
    licenseId,
    windowDays,
    limit,
  }: { readonly licenseId: string; readonly windowDays: number; readonly limit: number | null },
  now: Date = new Date(),
): Promise<DeactivationWindow> {
  const counted = await db
    .selectFrom("activations")
    .select("deactivated_at")
    .where("license_id", "=", licenseId)
    .where("deactivated_by", "=", "customer")
    .where("deactivated_at", ">", deactivationWindowStart(windowDays, now))
    .orderBy("deactivated_at", "asc")
    .execute();
  const leaving = limit ? counted[counted.length - limit]?.deactivated_at : null;
  return {
    usedInWindow: counted.length,
    left: deactivationsLeftUnder(limit, counted.length),
    nextAllowedAt: leaving ? addDays(leaving, windowDays) : null,
  };
}
