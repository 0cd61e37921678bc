import type { Logger } from "./logger.ts";

/**
 * Work a request starts but does not wait for: the answer goes out first, the
 * work runs after it. For answers whose timing must not depend on what the work
 * finds (a reset request for a known address does a transaction and a mail that
 * an unknown one does not).
 */
export interface BackgroundWork {
  /** Starts `task` after the current call stack; a failure is logged under `name`, never thrown. */
  run(name: string, task: () => Promise<unknown>): void;
  /** Settles once every task started so far has finished (shutdown, tests). */
  idle(): Promise<void>;
}

/**
 * Background work in this process. Tasks start on the next turn of the event
 * loop, so the request that queued one answers before the task has run a
 * single statement.
 *
 * @example
 * const background = createBackgroundWork(logger);
 * background.run("password reset", () => issueResetMail(db, email));
 * // … on shutdown, before the database closes:
 * await background.idle();
 */
export function createBackgroundWork(logger: Logger): BackgroundWork {
  const pending = new Set<Promise<void>>();
  return {
    run(name, task) {
      const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .then(
          () => {},
          (error: unknown) => logger.error({ err: error, task: name }, "background task failed"),
        )
        .finally(() => pending.delete(done));
      pending.add(done);
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
