import type { Logger } from "../core/logger.ts";

/** A background task the server runs on a timer. */
export interface PeriodicJob<T> {
  /** Runs the task now, after any run in progress (tests, or a run on demand); rejects when it fails. */
  runOnce(): Promise<T | null>;
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface PeriodicJobOptions<T> {
  /** Names the job in the log when a run fails. */
  readonly name: string;
  readonly run: () => Promise<T>;
  readonly intervalMs: number;
  /** Delay of the first run after start; one interval by default. */
  readonly firstRunMs?: number;
  /** Logs what a run did, when it is worth telling. */
  readonly report?: (result: T, logger: Logger) => void;
}

/**
 * Runs `run` after `firstRunMs` and then every `intervalMs` until stopped. Runs
 * never overlap within a process (each waits for the one before); jobs that must
 * not overlap across processes take an advisory lock inside `run`. A failing run
 * is logged and the schedule goes on. Timers are unref'd, so a job never keeps
 * the process alive.
 *
 * @example
 * const job = startPeriodicJob(logger, { name: "heartbeat job", run: () => endDeadActivations(db), intervalMs: 60_000 });
 * await job.stop();
 */
export function startPeriodicJob<T>(
  logger: Logger,
  { name, run, intervalMs, firstRunMs = intervalMs, report }: PeriodicJobOptions<T>,
): PeriodicJob<T> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T | null> = Promise.resolve(null);
  const runOnce = (): Promise<T | null> => {
    running = running
      .catch(() => null)
      .then(run)
      .then((result) => {
        report?.(result, logger);
        return result;
      });
    return running;
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => logger.error({ err: error }, `${name} failed`))
        .finally(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  schedule(firstRunMs);
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => null);
    },
  };
}
