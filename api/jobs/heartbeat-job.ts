import { type Kysely, sql } from "kysely";
import { enqueueActivationNotices } from "../activations/activation-notice-service.ts";
import { recordActivity } from "../activity/activity-service.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import { type PeriodicJob, startPeriodicJob } from "./periodic-job.ts";

/**
 * The advisory lock that keeps the job to one server process at a time when
 * several share one database (an arbitrary constant, the same in every process).
 */
const HEARTBEAT_JOB_LOCK = 4_201_725_001;

/**
 * Ends every activation whose policy expects heartbeats and that has not been
 * seen for twice the interval (`deactivatedBy: system`), with an activity entry
 * each, in one transaction. Answers how many it ended, or `null` when another
 * process holds the job's lock and is doing the work.
 */
export async function endDeadActivations(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(${HEARTBEAT_JOB_LOCK}) as locked`.execute(trx);
    if (!rows[0]?.locked) return null;
    const dead = await trx
      .selectFrom("activations")
      .innerJoin("licenses", "licenses.id", "activations.license_id")
      .innerJoin("policies", "policies.id", "licenses.policy_id")
      .select([
        "activations.id",
        "activations.account_id",
        "activations.license_id",
        "activations.kind",
        "activations.name",
        "activations.last_seen_at",
        "policies.heartbeat_seconds",
      ])
      .where("activations.deactivated_at", "is", null)
      .where("policies.heartbeat_seconds", "is not", null)
      .where(
        "activations.last_seen_at",
        "<",
        sql<Date>`${now}::timestamptz - make_interval(secs => 2 * policies.heartbeat_seconds)`,
      )
      .forUpdate("activations")
      .execute();
    for (const activation of dead) {
      const ended = await trx
        .updateTable("activations")
        .set({
          deactivated_at: now,
          deactivated_by: "system",
          reason: `No heartbeat for more than ${2 * (activation.heartbeat_seconds ?? 0)} seconds`,
        })
        .where("id", "=", activation.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordActivity(trx, {
        accountId: activation.account_id,
        actor: "system",
        action: "activation.deactivated",
        subjectType: "activation",
        subjectId: activation.id,
        licenseId: activation.license_id,
        data: {
          kind: activation.kind,
          name: activation.name,
          reason: "heartbeat_missed",
          lastSeenAt: activation.last_seen_at.toISOString(),
        },
      });
      await enqueueActivationNotices(trx, { activation: ended, change: "ended", by: "system" });
    }
    return dead.length;
  });
}

export type HeartbeatJob = PeriodicJob<number | null>;

/** Runs `endDeadActivations` every `intervalMs` until stopped. */
export function startHeartbeatJob(
  { db, logger }: { db: Kysely<Database>; logger: Logger },
  { intervalMs = 60_000 }: { intervalMs?: number } = {},
): HeartbeatJob {
  return startPeriodicJob(logger, {
    name: "heartbeat job",
    run: () => endDeadActivations(db),
    intervalMs,
    report: (ended, log) => {
      if (ended) log.info({ ended }, "ended activations that missed their heartbeats");
    },
  });
}
