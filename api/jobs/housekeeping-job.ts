import type { Kysely } from "kysely";
import { purgeThrottleCounters } from "../auth/throttle-service.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import { type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob } from "./periodic-job.ts";

/** What one housekeeping run removed. */
export interface HousekeepingRun {
  readonly throttleCounters: number;
}

/**
 * Removes rows that no longer mean anything: throttle counters past their
 * window and block. A plain delete, safe to run from several processes at once.
 */
export async function runHousekeeping(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<HousekeepingRun> {
  return { throttleCounters: await purgeThrottleCounters(db, now) };
}

export type HousekeepingJob = PeriodicJob<HousekeepingRun>;

/** Runs `runHousekeeping` on its schedule (jobs/job-schedule.ts) until stopped. */
export function startHousekeepingJob(
  { db, logger }: { db: Kysely<Database>; logger: Logger },
  timing: TimingOverride = {},
): HousekeepingJob {
  return startPeriodicJob(logger, {
    run: () => runHousekeeping(db),
    ...timingOf("housekeeping", timing),
    report: (run, log) => {
      if (run.throttleCounters) log.info(run, "removed stale rows");
    },
  });
}
