import type { AppDeps } from "../core/deps.ts";
import { startExpiryNoticeJob } from "./expiry-notice-job.ts";
import { startHeartbeatJob } from "./heartbeat-job.ts";
import { startHousekeepingJob } from "./housekeeping-job.ts";
import type { JobName, TimingOverride } from "./job-schedule.ts";
import { startLicenseFigureJob } from "./license-figure-job.ts";
import { startMailDeliveryJob } from "./mail-delivery-job.ts";
import type { PeriodicJob } from "./periodic-job.ts";
import { startReleaseNoticeJob } from "./release-notice-job.ts";
import { startValidationPartitionJob } from "./validation-partition-job.ts";

export interface BackgroundJobsOptions {
  /** Where console mode (MAIL_CONSOLE) prints mails; stdout by default. */
  readonly mailConsole?: { write(text: string): unknown };
  /** Faster timings per job, for tests. */
  readonly timing?: Partial<Record<JobName, TimingOverride>>;
}

export interface BackgroundJobs {
  /** Each running job, by its name in the schedule. */
  readonly jobs: Readonly<Record<JobName, PeriodicJob<unknown>>>;
  /**
   * Stops every job and waits for the runs in progress; the mail sender waits
   * for its mail in hand at most `deadlineMs` (the database work of the other
   * jobs is always let finish). Call it before the database closes.
   */
  stop(options?: { readonly deadlineMs?: number }): Promise<void>;
}

/**
 * Starts every background job of jobs/job-schedule.ts on the shared
 * dependencies; the server starts them once it listens and stops them before
 * the database closes.
 *
 * @example
 * const jobs = startJobs(runtime.deps);
 * await jobs.stop({ deadlineMs: 10_000 });
 */
export function startJobs(
  deps: AppDeps,
  { mailConsole, timing = {} }: BackgroundJobsOptions = {},
): BackgroundJobs {
  const jobs: Record<JobName, PeriodicJob<unknown>> = {
    mailDelivery: startMailDeliveryJob(deps, {
      ...timing.mailDelivery,
      ...(mailConsole ? { console: mailConsole } : {}),
    }),
    heartbeat: startHeartbeatJob(deps, timing.heartbeat),
    expiryNotices: startExpiryNoticeJob(deps, timing.expiryNotices),
    releaseNotices: startReleaseNoticeJob(deps, timing.releaseNotices),
    validationPartitions: startValidationPartitionJob(deps, timing.validationPartitions),
    licenseFigures: startLicenseFigureJob(deps, timing.licenseFigures),
    housekeeping: startHousekeepingJob(deps, timing.housekeeping),
  };
  return {
    jobs,
    async stop(options) {
      await Promise.all(
        Object.entries(jobs).map(([name, job]) => job.stop(name === "mailDelivery" ? options : {})),
      );
    },
  };
}
