import { type ExpressionBuilder, sql } from "kysely";
import { addSeconds, secondsSql, timestampSql } from "../core/time.ts";
import type { Database } from "../db/schema.ts";

/*
 * The rule: under a policy that expects heartbeats, a live activation not seen
 * for more than twice the heartbeat interval is dead — validation refuses it,
 * the heartbeat job ends it, and a heartbeat no longer revives it. The
 * TypeScript form reads a row; the SQL form is for queries that join
 * `activations` to `policies`. heartbeat.test.ts proves they agree.
 */

/** How many heartbeat intervals an activation may stay silent. */
const MISSED_INTERVALS = 2;

/** How long an activation may stay silent, in seconds: twice the interval. */
export function heartbeatGraceSeconds(heartbeatSeconds: number): number {
  return MISSED_INTERVALS * heartbeatSeconds;
}

/** The oldest sighting that still counts as alive at `now`. */
export function heartbeatCutoff(heartbeatSeconds: number, now: Date): Date {
  return addSeconds(now, -heartbeatGraceSeconds(heartbeatSeconds));
}

/**
 * Whether an active binding missed its heartbeats at `now`; never without a
 * heartbeat interval (`null`).
 *
 * @example
 * isHeartbeatDead(new Date(Date.now() - 3 * 60_000), 60, new Date()); // true
 */
export function isHeartbeatDead(
  lastSeenAt: Date,
  heartbeatSeconds: number | null,
  now: Date,
): boolean {
  return heartbeatSeconds !== null && lastSeenAt < heartbeatCutoff(heartbeatSeconds, now);
}

/**
 * The SQL twin of {@link isHeartbeatDead} (it says nothing of `deactivated_at`:
 * combine it with "live" where that matters).
 *
 * @example
 * trx.selectFrom("activations").innerJoin(…policies…).where((eb) => heartbeatDeadSql(eb, now))
 */
export function heartbeatDeadSql(
  eb: ExpressionBuilder<Database, "activations" | "policies">,
  now: Date,
) {
  return eb.and([
    eb("policies.heartbeat_seconds", "is not", null),
    eb(
      "activations.last_seen_at",
      "<",
      sql<Date>`${timestampSql(now)} - ${secondsSql(sql<number>`${sql.lit(MISSED_INTERVALS)} * ${eb.ref("policies.heartbeat_seconds")}`)}`,
    ),
  ]);
}
