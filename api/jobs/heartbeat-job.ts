import type { Kysely } from "kysely";
import { enqueueActivationNotices } from "../activations/activation-notice-service.ts";
import { heartbeatDeadSql, heartbeatGraceSeconds } from "../activations/heartbeat.ts";
import { recordActivity } from "../activity/activity-service.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import { JOB_SCHEDULE, type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob, tryJobLock } from "./periodic-job.ts";

/**
 * Ends every live activation that missed its heartbeats (activations/heartbeat.ts:
 * unseen for twice its policy's interval) as `deactivatedBy: system`, with an
 * activity entry each, in one transaction. Answers how many it ended, or `null` when another
 * process holds the job's lock and is doing the work.
 */
export async function endDeadActivations(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryJobLock(trx, JOB_SCHEDULE.heartbeat.lockId))) return null;
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
      .where((eb) => heartbeatDeadSql(eb, now))
      .forUpdate("activations")
      .execute();
    for (const activation of dead) {
      const ended = await trx
        .updateTable("activations")
        .set({
          deactivated_at: now,
          deactivated_by: "system",
          reason: `No heartbeat for more than ${heartbeatGraceSeconds(activation.heartbeat_seconds ?? 0)} seconds`,
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

/** Runs `endDeadActivations` on its schedule (jobs/job-schedule.ts) until stopped. */
export function startHeartbeatJob(
  { db, logger }: { db: Kysely<Database>; logger: Logger },
  timing: TimingOverride = {},
): HeartbeatJob {
  return startPeriodicJob(logger, {
    run: () => endDeadActivations(db),
    ...timingOf("heartbeat", timing),
    report: (ended, log) => {
      if (ended) log.info({ ended }, "ended activations that missed their heartbeats");
    },
  });
}
