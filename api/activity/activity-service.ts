import type { Kysely } from "kysely";
import { createId } from "../core/ids.ts";
import type { Actor, Database } from "../db/schema.ts";

export interface ActivityInput {
  readonly accountId: string;
  readonly actor: Actor;
  /** What happened, as `subject.verb` (`license.suspended`, `activation.created`). */
  readonly action: string;
  /** The user who acted, when a customer did. */
  readonly userId?: string | null | undefined;
  readonly subjectType?: string | null | undefined;
  readonly subjectId?: string | null | undefined;
  /** Set for entries about a license, so members see the entries of their licenses. */
  readonly licenseId?: string | null | undefined;
  readonly data?: Record<string, unknown> | undefined;
  readonly ip?: string | null | undefined;
}

/**
 * Appends one entry to an account's activity trail. Pass the transaction that
 * makes the change, so the entry exists exactly when the change does.
 *
 * @example
 * await recordActivity(trx, {
 *   accountId, actor: "vendor", action: "license.suspended",
 *   subjectType: "license", subjectId: licenseId, licenseId,
 * });
 */
export async function recordActivity(db: Kysely<Database>, input: ActivityInput): Promise<string> {
  const id = createId("evt");
  await db
    .insertInto("activity")
    .values({
      id,
      account_id: input.accountId,
      user_id: input.userId ?? null,
      actor: input.actor,
      action: input.action,
      subject_type: input.subjectType ?? null,
      subject_id: input.subjectId ?? null,
      license_id: input.licenseId ?? null,
      data: JSON.stringify(input.data ?? {}),
      ip: input.ip ?? null,
    })
    .execute();
  return id;
}
