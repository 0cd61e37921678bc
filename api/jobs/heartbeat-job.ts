import type { Kysely } from "kysely";
import { enqueueActivationNotices } from "../activations/activation-notice-service.ts";
import { heartbeatDeadSql, heartbeatGraceSeconds } from "../activations/heartbeat.ts";
import { recordActivity } from "../activity/activity-service.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import { JOB_SCHEDULE, type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob, tryJobLock } from "./periodic-job.ts";

/**
 * Whether any policy expects heartbeats: one probe of a small partial index
 * (policies_heartbeat_idx). Without such a policy the job has nothing to look at.
 */
async function anyHeartbeatPolicy(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("policies")
    .select("policies.id")
    .where("policies.heartbeat_seconds", "is not", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The live activations that missed their heartbeats, locked: read from the
 * policies that expect heartbeats, through their licenses (licenses_policy_idx)
 * to those licenses' live activations (activations_active_binding_key), so the
 * activations under other policies are never read. Exported so a test can
 * EXPLAIN exactly what runs.
 */
export function deadActivationsQuery(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom("policies")
    .innerJoin("licenses", "licenses.policy_id", "policies.id")
    .innerJoin("activations", "activations.license_id", "licenses.id")
    .select([
      "activations.id",
      "activations.account_id",
      "activations.license_id",
      "activations.kind",
      "activations.name",
      "activations.last_seen_at",
      "policies.heartbeat_seconds",
    ])
    .where("policies.heartbeat_seconds", "is not", null)
    .where("activations.deactivated_at", "is", null)
    .where((eb) => heartbeatDeadSql(eb, now))
    .forUpdate("activations");
}

/**
 * Ends every live activation that missed its heartbeats (activations/heartbeat.ts:
 * unseen for twice its policy's interval) as `deactivatedBy: system`, with an
 * activity entry each, in one transaction. Answers how many it ended, or `null` when another
 * process holds the job's lock and is doing the work. When no policy expects
 * heartbeats it answers 0 after one cheap query, without a transaction.
 */
export async function endDeadActivations(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<number | null> {
  if (!(await anyHeartbeatPolicy(db))) return 0;
  return db.transaction().execute(async (trx) => {
    if (!(await tryJobLock(trx, JOB_SCHEDULE.heartbeat.lockId))) return null;
    const dead = await deadActivationsQuery(trx, now).execute();
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
