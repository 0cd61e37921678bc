import type { Kysely } from "kysely";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import {
  dropExpiredMonthPartitions,
  ensureMonthPartitions,
} from "../licensing/validation-partitions.ts";
import { JOB_SCHEDULE, type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob, tryJobLock } from "./periodic-job.ts";

/** What one run made and dropped; `null` when another process held the lock. */
export interface ValidationPartitionRun {
  readonly created: readonly string[];
  readonly dropped: readonly string[];
}

/**
 * Keeps the months of validation events: the partitions of this month and the
 * next two exist before their first event, and months that ended more than
 * `retentionDays` ago are dropped. One process at a time (its advisory lock).
 */
export async function runValidationPartitions(
  db: Kysely<Database>,
  retentionDays: number,
  now: Date = new Date(),
): Promise<ValidationPartitionRun | null> {
  // One transaction: the lock is held for the run, and the DDL lands whole or not at all.
  return db.transaction().execute(async (trx) => {
    if (!(await tryJobLock(trx, JOB_SCHEDULE.validationPartitions.lockId))) return null;
    const created = await ensureMonthPartitions(trx, { now });
    const dropped = await dropExpiredMonthPartitions(trx, retentionDays, now);
    return { created, dropped };
  });
}

export type ValidationPartitionJob = PeriodicJob<ValidationPartitionRun | null>;

/** Runs `runValidationPartitions` on its schedule (jobs/job-schedule.ts) until stopped. */
export function startValidationPartitionJob(
  {
    db,
    logger,
    config,
  }: { db: Kysely<Database>; logger: Logger; config: { validationRetentionDays: number } },
  timing: TimingOverride = {},
): ValidationPartitionJob {
  return startPeriodicJob(logger, {
    run: () => runValidationPartitions(db, config.validationRetentionDays),
    ...timingOf("validationPartitions", timing),
    report: (run, log) => {
      if (run && (run.created.length > 0 || run.dropped.length > 0)) {
        log.info(run, "validation event partitions kept");
      }
    },
  });
}
