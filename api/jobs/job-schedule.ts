import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from "../core/time.ts";

/** A background job: its name in the log, when it runs, and what keeps it to one process at a time. */
export interface JobTiming {
  readonly name: string;
  readonly intervalMs: number;
  /** Delay of the first run after start; one interval when not given. */
  readonly firstRunMs?: number;
  /**
   * The `pg_try_advisory_xact_lock` key that keeps the job to one server process
   * when several share a database (arbitrary constants, the same in every
   * process, different per job so that jobs never wait on each other); `null`
   * for a job that is safe to run in every process at once.
   */
  readonly lockId: number | null;
}

/**
 * Every background job the server runs, with its timing and lock: the one list.
 * jobs/background-jobs.ts starts each of them.
 */
export const JOB_SCHEDULE = {
  /** Delivers the outbox; concurrent senders claim disjoint rows (`for update skip locked`). */
  mailDelivery: { name: "mail delivery job", intervalMs: 2 * SECOND_MS, lockId: null },
  /** Ends activations that missed their heartbeats. */
  heartbeat: { name: "heartbeat job", intervalMs: MINUTE_MS, lockId: 4_201_725_001 },
  /**
   * Queues license expiry notices. Hourly is enough for "daily" notices: the
   * dedupe key, not the schedule, makes each go out once, and a restart never skips a day.
   */
  expiryNotices: {
    name: "expiry notice job",
    intervalMs: HOUR_MS,
    firstRunMs: MINUTE_MS,
    lockId: 4_201_725_002,
  },
  /** Announces new releases within a minute of their publication. */
  releaseNotices: { name: "release notice job", intervalMs: MINUTE_MS, lockId: 4_201_725_003 },
  /**
   * Makes the monthly partitions of validation events two months ahead and drops
   * the months past VALIDATION_RETENTION_DAYS; soon after start, then daily.
   */
  validationPartitions: {
    name: "validation partition job",
    intervalMs: DAY_MS,
    firstRunMs: 10 * SECOND_MS,
    lockId: 4_201_725_004,
  },
  /**
   * Folds the pending changes of the dashboard's license figures into their stats
   * rows, so a dashboard sums at most a minute of them; one statement, safe anywhere.
   */
  licenseFigures: { name: "license figure job", intervalMs: MINUTE_MS, lockId: null },
  /** Removes stale rows (throttle counters); a plain delete, safe anywhere. */
  housekeeping: { name: "housekeeping job", intervalMs: HOUR_MS, lockId: null },
} as const satisfies Record<string, JobTiming>;

export type JobName = keyof typeof JOB_SCHEDULE;

/** A faster interval or first run, for tests. */
export type TimingOverride = Partial<Pick<JobTiming, "intervalMs" | "firstRunMs">>;

/** A job's name, interval and first run from the schedule, with `override` on top. */
export function timingOf(
  job: JobName,
  override: TimingOverride = {},
): { readonly name: string; readonly intervalMs: number; readonly firstRunMs: number | undefined } {
  const { name, intervalMs, firstRunMs }: JobTiming = JOB_SCHEDULE[job];
  return {
    name,
    intervalMs: override.intervalMs ?? intervalMs,
    firstRunMs: override.firstRunMs ?? firstRunMs,
  };
}
