import type { Kysely } from "kysely";
import { createTransport } from "nodemailer";
import { type Config, ConfigError } from "../config/config.ts";
import { isLoopbackUrl } from "../config/loopback.ts";
import type { Logger } from "../core/logger.ts";
import { HOUR_MS, MINUTE_MS } from "../core/time.ts";
import type { Database } from "../db/schema.ts";

/** After this many failed attempts a mail is given up: it stays unsent, with its last error. */
export const MAIL_MAX_ATTEMPTS = 10;
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 6 * HOUR_MS;
/**
 * How long a claimed mail is reserved for the process that claimed it. Longer
 * than one SMTP exchange can take (see the transport's timeouts), so two
 * processes never send the same mail; a process that dies mid-send leaves its
 * mails to be retried once the lease runs out.
 */
const LEASE_MS = 5 * MINUTE_MS;
const LAST_ERROR_MAX_LENGTH = 1000;

export interface MailSenderOptions {
  /** How many mails one claim takes. */
  readonly batchSize?: number;
  /** The clock (tests move it forward to reach a retry). */
  readonly now?: () => Date;
  /** Where console mode (MAIL_CONSOLE) prints mails; stdout by default. */
  readonly console?: { write(text: string): unknown };
}

/** Delivers `mail_outbox`; jobs/mail-delivery-job.ts runs it on a schedule. */
export interface MailSender {
  /**
   * Claims the mails that are due and sends each, batch after batch, until none
   * is due; when `signal` aborts, the mails claimed but not sent yet are handed
   * back at once. Answers how many went out.
   */
  deliverDue(signal?: AbortSignal): Promise<number>;
  /** Closes the SMTP transport. */
  close(): void;
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

/** Where mail goes: an SMTP server, or the console. */
interface MailTransport {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

type MailSenderDeps = {
  readonly db: Kysely<Database>;
  readonly config: Pick<Config, "smtpUrl" | "mailFrom" | "mailConsole">;
  readonly logger: Logger;
};

/**
 * The sender of `mail_outbox`. A sent mail gets `sent_at`; a failed one is
 * retried after min(2^attempts minutes, 6 hours), at most
 * {@link MAIL_MAX_ATTEMPTS} times. With `config.smtpUrl` mail goes over SMTP;
 * without it, in console mode (`config.mailConsole`, the local demo's default)
 * each mail is printed to stdout, apart from the structured log, and counts as
 * sent; otherwise there is no sender (`null`, with a warning) and mails wait in
 * the outbox until SMTP is configured. The log never holds a mail's text, so
 * never a link's token. Several processes may send from one database.
 *
 * @example
 * const sender = createMailSender(runtime.deps);
 * await sender?.deliverDue();
 */
export function createMailSender(
  deps: MailSenderDeps,
  { batchSize = 10, now = () => new Date(), console = process.stdout }: MailSenderOptions = {},
): MailSender | null {
  const { db, logger } = deps;
  const transport = createMailTransport(deps.config, logger, console);
  if (!transport) {
    logger.warn(
      "mail is not delivered: SMTP_URL is not set and MAIL_CONSOLE is off; mails wait in the outbox",
    );
    return null;
  }
  return {
    async deliverDue(signal) {
      let delivered = 0;
      for (;;) {
        if (signal?.aborted) return delivered;
        const claimed = await claimDueMails(db, batchSize, now());
        if (claimed.length === 0) return delivered;
        for (const [index, mail] of claimed.entries()) {
          if (signal?.aborted) {
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
    },
    close: () => transport.close(),
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
  return Math.min(2 ** Math.min(attempts, 20) * MINUTE_MS, MAX_BACKOFF_MS);
}

function createMailTransport(
  config: Pick<Config, "smtpUrl" | "mailFrom" | "mailConsole">,
  logger: Logger,
  console: { write(text: string): unknown },
): MailTransport | null {
  if (!config.smtpUrl) {
    if (!config.mailConsole) return null;
    return {
      async deliver(mail) {
        console.write(consoleMail(mail));
        // The log says that a mail went out, never what it says: its links carry live tokens.
        logger.info({ mailId: mail.id, subject: mail.subject }, "mail printed to the console");
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

/** A mail as console mode prints it: a framed block a developer can read and click. */
function consoleMail(mail: OutgoingMail): string {
  const rule = "─".repeat(72);
  return (
    `\n${rule}\nMail (MAIL_CONSOLE: printed here, not sent)\nTo: ${mail.to}\n` +
    `Subject: ${mail.subject}\n\n${mail.text.trimEnd()}\n${rule}\n\n`
  );
}

/**
 * Refuses a start whose mails could go nowhere: no SMTP_URL, console mode off,
 * and a PUBLIC_URL that is not this machine (a real deployment, whose users
 * need their reset and invitation mails).
 *
 * @example
 * assertMailDeliverable(config); // throws ConfigError naming SMTP_URL
 */
export function assertMailDeliverable(
  config: Pick<Config, "smtpUrl" | "mailConsole" | "publicUrl">,
): void {
  if (config.smtpUrl || config.mailConsole || isLoopbackUrl(config.publicUrl)) return;
  throw new ConfigError([
    `SMTP_URL: required when PUBLIC_URL (${config.publicUrl}) is not a loopback address, so that ` +
      "reset, invitation and email-change mails reach their users (MAIL_CONSOLE=true prints them to " +
      "the console instead, for development only)",
  ]);
}
