import type { Kysely } from "kysely";
import { purgeThrottleCounters } from "../auth/throttle-service.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
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

/** Runs `runHousekeeping` every `intervalMs` (hourly) until stopped. */
export function startHousekeepingJob(
  { db, logger }: { db: Kysely<Database>; logger: Logger },
  { intervalMs = 3_600_000 }: { intervalMs?: number } = {},
): HousekeepingJob {
  return startPeriodicJob(logger, {
    name: "housekeeping job",
    run: () => runHousekeeping(db),
    intervalMs,
    report: (run, log) => {
      if (run.throttleCounters) log.info(run, "removed stale rows");
    },
  });
}
