import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";
import { createMailSender, type MailSenderOptions } from "../mail/mail-sender.ts";
import { type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob } from "./periodic-job.ts";

export interface MailDeliveryJob extends PeriodicJob<number> {
  /** Delivers every mail that is due now; answers how many went out (none once stopped). */
  flush(): Promise<number>;
}

/**
 * Delivers the outbox (mail/mail-sender.ts) on its schedule (jobs/job-schedule.ts)
 * until stopped. `stop` lets the mail in hand finish (at most `deadlineMs`; a
 * mail still in hand then is retried once its lease runs out), hands the other
 * claimed mails back and closes the transport. Without anywhere to deliver to,
 * nothing runs.
 *
 * @example
 * const mail = startMailDeliveryJob(runtime.deps);
 * // … on shutdown, before the database closes:
 * await mail.stop({ deadlineMs: 10_000 });
 */
export function startMailDeliveryJob(
  deps: {
    readonly db: Kysely<Database>;
    readonly config: Pick<Config, "smtpUrl" | "mailFrom" | "mailConsole">;
    readonly logger: Logger;
  },
  { intervalMs, firstRunMs, ...options }: TimingOverride & MailSenderOptions = {},
): MailDeliveryJob {
  const sender = createMailSender(deps, options);
  if (!sender) return { runOnce: async () => 0, flush: async () => 0, stop: async () => {} };
  const job = startPeriodicJob(deps.logger, {
    run: (signal) => sender.deliverDue(signal),
    ...timingOf("mailDelivery", { intervalMs, firstRunMs }),
  });
  let stopping: Promise<void> | undefined;
  return {
    runOnce: job.runOnce,
    flush: async () => (await job.runOnce()) ?? 0,
    stop(options) {
      stopping ??= job.stop(options).then(() => sender.close());
      return stopping;
    },
  };
}
