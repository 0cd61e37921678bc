import type { Kysely } from "kysely";
import { createTransport } from "nodemailer";
import type { Config } from "../config/config.ts";
import type { Logger } from "../core/logger.ts";
import type { Database } from "../db/schema.ts";

/** After this many failed attempts a mail is given up: it stays unsent, with its last error. */
export const MAIL_MAX_ATTEMPTS = 10;
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
/**
 * How long a claimed mail is reserved for the process that claimed it. Longer
 * than one SMTP exchange can take (see the transport's timeouts), so two
 * processes never send the same mail; a process that dies mid-send leaves its
 * mails to be retried once the lease runs out.
 */
const LEASE_MS = 5 * 60 * 1000;
const LAST_ERROR_MAX_LENGTH = 1000;

export interface MailSenderOptions {
  /** How often the outbox is polled. */
  readonly intervalMs?: number;
  /** How many mails one claim takes. */
  readonly batchSize?: number;
  /** The clock (tests move it forward to reach a retry). */
  readonly now?: () => Date;
}

export interface MailSender {
  /**
   * Stops polling, lets the mail being sent finish (waiting at most `deadlineMs`;
   * a mail still in hand then is retried once its lease runs out), and closes the
   * SMTP transport. Calling it again returns the same promise.
   */
  stop(options?: { readonly deadlineMs?: number }): Promise<void>;
  /** Delivers every mail that is due now; answers how many went out. */
  flush(): Promise<number>;
}

interface OutgoingMail {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  /** Failed attempts so far. */
  readonly attempts: number;
}

/** Where mail goes: an SMTP server, or the log. */
interface MailTransport {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

type MailSenderDeps = {
  readonly db: Kysely<Database>;
  readonly config: Pick<Config, "smtpUrl" | "mailFrom">;
  readonly logger: Logger;
};

/**
 * Starts the background job that delivers `mail_outbox`: every `intervalMs` it
 * claims the mails that are due and sends each. A sent mail gets `sent_at`; a
 * failed one is retried after min(2^attempts minutes, 6 hours), at most
 * {@link MAIL_MAX_ATTEMPTS} times. With `config.smtpUrl` mail goes over SMTP;
 * without it each mail is written to the log (so a local `npm start` shows reset
 * links) and counts as sent. Several processes may run a sender on one database.
 *
 * @example
 * const sender = startMailSender(runtime.deps);
 * // … on shutdown, before the database closes:
 * await sender.stop();
 */
export function startMailSender(
  deps: MailSenderDeps,
  { intervalMs = 2000, batchSize = 10, now = () => new Date() }: MailSenderOptions = {},
): MailSender {
  const { db, logger } = deps;
  const transport = createMailTransport(deps.config, logger);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // One delivery run at a time in this process; other processes are kept apart by the claim.
  let running: Promise<number> = Promise.resolve(0);

  const deliverOnce = async (): Promise<number> => {
    let delivered = 0;
    for (;;) {
      if (stopped) return delivered;
      const claimed = await claimDueMails(db, batchSize, now());
      if (claimed.length === 0) return delivered;
      for (const [index, mail] of claimed.entries()) {
        if (stopped) {
          // Hand the rest back at once rather than leaving them leased.
          await releaseMails(
            db,
            claimed.slice(index).map((rest) => rest.id),
            now(),
          );
          return delivered;
        }
        if (await deliverMail(db, transport, logger, mail, now)) delivered++;
      }
    }
  };

  const run = (): Promise<number> => {
    running = running.then(deliverOnce, deliverOnce);
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      run()
        .catch((error: unknown) => logger.error({ err: error }, "mail delivery run failed"))
        .finally(schedule);
    }, intervalMs);
    // A pending poll must not keep a process alive that has nothing else to do.
    timer.unref();
  };
  schedule();

  let stopping: Promise<void> | undefined;
  return {
    flush: () => (stopped ? Promise.resolve(0) : run()),
    stop({ deadlineMs = Number.POSITIVE_INFINITY } = {}) {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        let deadline: NodeJS.Timeout | undefined;
        await Promise.race([
          running.catch(() => 0),
          ...(Number.isFinite(deadlineMs)
            ? [new Promise((resolve) => (deadline = setTimeout(resolve, deadlineMs)))]
            : []),
        ]);
        clearTimeout(deadline);
        transport.close();
      })();
      return stopping;
    },
  };
}

/**
 * Takes up to `limit` due mails and leases them to this process, in one
 * statement: `for update skip locked` lets concurrent senders claim disjoint
 * rows, and the lease (a later `next_attempt_at`) keeps them disjoint after the
 * claiming transaction ends, without holding a transaction open during SMTP.
 */
async function claimDueMails(
  db: Kysely<Database>,
  limit: number,
  now: Date,
): Promise<OutgoingMail[]> {
  const rows = await db
    .updateTable("mail_outbox")
    .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS) })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("mail_outbox")
        .select("id")
        .where("sent_at", "is", null)
        .where("attempts", "<", MAIL_MAX_ATTEMPTS)
        .where("next_attempt_at", "<=", now)
        .orderBy("next_attempt_at")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(["id", "to_address", "subject", "text_body", "html_body", "attempts"])
    .execute();
  return rows
    .map((row) => ({
      id: row.id,
      to: row.to_address,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      attempts: row.attempts,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function releaseMails(db: Kysely<Database>, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("mail_outbox")
    .set({ next_attempt_at: now })
    .where("id", "in", ids)
    .where("sent_at", "is", null)
    .execute();
}

/** Sends one claimed mail and records the outcome; `true` when it went out. */
async function deliverMail(
  db: Kysely<Database>,
  transport: MailTransport,
  logger: Logger,
  mail: OutgoingMail,
  now: () => Date,
): Promise<boolean> {
  try {
    await transport.deliver(mail);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The lease makes this process the only one touching the row, so the count read at claim holds.
    const attempts = mail.attempts + 1;
    const retryAt = new Date(now().getTime() + backoffMs(attempts));
    await db
      .updateTable("mail_outbox")
      .set({
        attempts,
        last_error: message.slice(0, LAST_ERROR_MAX_LENGTH),
        next_attempt_at: retryAt,
      })
      .where("id", "=", mail.id)
      .execute();
    const fields = { mailId: mail.id, to: mail.to, attempts, err: error };
    if (attempts >= MAIL_MAX_ATTEMPTS) logger.error(fields, "mail delivery failed; giving up");
    else logger.warn({ ...fields, retryAt: retryAt.toISOString() }, "mail delivery failed");
    return false;
  }
  await db.updateTable("mail_outbox").set({ sent_at: now() }).where("id", "=", mail.id).execute();
  return true;
}

/**
 * The wait before the next attempt after `attempts` failures: 2, 4, 8 … minutes,
 * at most 6 hours.
 *
 * @example
 * backoffMs(1); // 120_000
 */
export function backoffMs(attempts: number): number {
  return Math.min(2 ** Math.min(attempts, 20) * 60_000, MAX_BACKOFF_MS);
}

function createMailTransport(
  config: Pick<Config, "smtpUrl" | "mailFrom">,
  logger: Logger,
): MailTransport {
  if (!config.smtpUrl) {
    return {
      async deliver(mail) {
        logger.info(
          { mail: { to: mail.to, subject: mail.subject, text: mail.text } },
          "mail (no SMTP_URL set, so logged instead of sent)",
        );
      },
      close() {},
    };
  }
  const smtp = createTransport({
    url: config.smtpUrl,
    // Bounded so one stuck server cannot hold a mail past its lease or stall shutdown long.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async deliver(mail) {
      await smtp.sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
      });
    },
    close: () => smtp.close(),
  };
}
