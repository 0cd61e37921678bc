import type { Kysely } from "kysely";
import { createId } from "../core/ids.ts";
import type { Database } from "../db/schema.ts";

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | null;
  /** Set for a mail that must go out at most once (a second enqueue with the same key is dropped). */
  readonly dedupeKey?: string | null;
}

/**
 * Queues a mail. Call it with the transaction that makes the change the mail is
 * about, so the mail exists exactly when the change does; the sender delivers it.
 * Answers `false` when a mail with the same `dedupeKey` was queued before.
 */
export async function enqueueMail(db: Kysely<Database>, message: MailMessage): Promise<boolean> {
  const result = await db
    .insertInto("mail_outbox")
    .values({
      id: createId("mail"),
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html ?? null,
      dedupe_key: message.dedupeKey ?? null,
      next_attempt_at: new Date(),
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
