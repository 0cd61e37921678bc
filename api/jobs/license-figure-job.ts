import type { Kysely } from "kysely";
import { foldLicenseFigureDeltas } from "../accounts/dashboard-service.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import { type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob } from "./periodic-job.ts";

/**
 * Adds the pending changes of the accounts' license figures (`account_license_deltas`,
 * written by the triggers of migration 0006) into their stats rows, so a dashboard
 * sums at most a minute's worth of them. One statement that takes the rows it
 * folds: safe to run from several processes at once. Answers how many it folded.
 */
export async function runLicenseFigureFold(db: Kysely<Database>): Promise<number> {
  return foldLicenseFigureDeltas(db);
}

export type LicenseFigureJob = PeriodicJob<number>;

/** Runs `runLicenseFigureFold` on its schedule (jobs/job-schedule.ts) until stopped. */
export function startLicenseFigureJob(
  { db, logger }: { db: Kysely<Database>; logger: Logger },
  timing: TimingOverride = {},
): LicenseFigureJob {
  return startPeriodicJob(logger, {
    run: () => runLicenseFigureFold(db),
    ...timingOf("licenseFigures", timing),
    report: (folded, log) => {
      if (folded > 1000) log.info({ folded }, "folded license figure changes");
    },
  });
}
