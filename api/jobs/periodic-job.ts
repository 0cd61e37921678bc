import { type Kysely, sql } from "kysely";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";

/** A background task the server runs on a timer. */
export interface PeriodicJob<T> {
  /** Runs the task now, after any run in progress (tests, or a run on demand); rejects when it fails. */
  runOnce(): Promise<T | null>;
  /**
   * Stops scheduling, tells the run in progress to wind down (its `signal`
   * aborts) and waits for it, at most `deadlineMs`. Calling it again returns
   * the same promise.
   */
  stop(options?: { readonly deadlineMs?: number }): Promise<void>;
}

export interface PeriodicJobOptions<T> {
  /** Names the job in the log. */
  readonly name: string;
  /** One run; `signal` aborts when the job is stopped, for runs that can stop half-way. */
  readonly run: (signal: AbortSignal) => Promise<T>;
  readonly intervalMs: number;
  /** Delay of the first run after start; one interval by default. */
  readonly firstRunMs?: number;
  /** Logs what a run did, when it is worth telling. */
  readonly report?: (result: T, logger: Logger) => void;
}

/**
 * Runs `run` after `firstRunMs` and then every `intervalMs` until stopped. Runs
 * never overlap within a process (each waits for the one before); jobs that must
 * not overlap across processes take their advisory lock inside `run`
 * ({@link tryJobLock}). A failing run is logged and the schedule goes on. Timers
 * are unref'd, so a job never keeps the process alive. Every job is started
 * through here, from jobs/background-jobs.ts, on the timing of jobs/job-schedule.ts.
 *
 * @example
 * const job = startPeriodicJob(logger, { name: "heartbeat job", run: () => endDeadActivations(db), intervalMs: MINUTE_MS });
 * await job.stop();
 */
export function startPeriodicJob<T>(
  logger: Logger,
  { name, run, intervalMs, firstRunMs = intervalMs, report }: PeriodicJobOptions<T>,
): PeriodicJob<T> {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T | null> = Promise.resolve(null);
  const runOnce = (): Promise<T | null> => {
    running = running
      .catch(() => null)
      .then(async () => {
        const started = performance.now();
        const result = await run(stopping.signal);
        const durationMs = Math.round(performance.now() - started);
        logger.debug({ job: name, durationMs }, "job ran");
        report?.(result, logger);
        return result;
      });
    return running;
  };
  const schedule = (delayMs: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => logger.error({ err: error }, `${name} failed`))
        .finally(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  schedule(firstRunMs);
  let stopped: Promise<void> | undefined;
  return {
    runOnce,
    stop({ deadlineMs = Number.POSITIVE_INFINITY } = {}) {
      stopped ??= (async () => {
        stopping.abort();
        clearTimeout(timer);
        let deadline: NodeJS.Timeout | undefined;
        await Promise.race([
          running.catch(() => null),
          ...(Number.isFinite(deadlineMs)
            ? [new Promise((resolve) => (deadline = setTimeout(resolve, deadlineMs)))]
            : []),
        ]);
        clearTimeout(deadline);
      })();
      return stopped;
    },
  };
}

/**
 * Takes a job's advisory lock for the rest of the transaction, so processes that
 * share one database do not run the job twice at once; `false` when another
 * process holds it (and is doing the work).
 *
 * @example
 * if (!(await tryJobLock(trx, JOB_SCHEDULE.heartbeat.lockId))) return null;
 */
export async function tryJobLock(trx: Kysely<Database>, lockId: number): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(${lockId}) as locked`.execute(trx);
  return rows[0]?.locked === true;
}
