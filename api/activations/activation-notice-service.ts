import { type Kysely, sql } from "kysely";
import { userSeesLicense } from "../accounts/customer-scope.ts";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "../accounts/notification-preferences.ts";
import type { Activation, Actor, Database } from "../db/schema.ts";
import { effectiveLimitSql } from "../licenses/effective-limits.ts";
import { enqueueMail } from "../mail/mail-outbox.ts";
import { type ActivationChange, activationNoticeMail } from "../mail/notice-mail-templates.ts";

export type { ActivationChange } from "../mail/notice-mail-templates.ts";

export interface ActivationNoticeInput {
  /** The activation as it is after the change. */
  readonly activation: Pick<
    Activation,
    "id" | "license_id" | "kind" | "identifier" | "name" | "hostname"
  > &
    Partial<Pick<Activation, "deactivated_at" | "reason">>;
  readonly change: ActivationChange;
  /** Who made the change; with `customer`, `byUserId` names the person. */
  readonly by: Actor;
  readonly byUserId?: string | null | undefined;
  /** When it happened; defaults to the activation's end, else now. */
  readonly at?: Date | undefined;
}

/**
 * Queues a mail about an activation made or ended to every user who can see its
 * license (the account's owners and admins, the members assigned to it), has a
 * password (so can sign in and change their choice) and chose activation notices.
 * Call it in the transaction that makes the change, so a mail exists exactly when
 * the change does; each (activation, change, user) is mailed at most once.
 * Answers how many mails were queued.
 *
 * @example
 * await enqueueActivationNotices(trx, { activation: inserted, change: "created", by: "software" });
 */
export async function enqueueActivationNotices(
  trx: Kysely<Database>,
  { activation, change, by, byUserId, at }: ActivationNoticeInput,
): Promise<number> {
  const recipients = await trx
    .selectFrom("users")
    .innerJoin("licenses", "licenses.account_id", "users.account_id")
    .innerJoin("products", "products.id", "licenses.product_id")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .leftJoin("notification_preferences", "notification_preferences.user_id", "users.id")
    .select((eb) => [
      "users.id",
      "users.email",
      "users.name",
      "users.timezone",
      "licenses.name as license_name",
      "products.name as product_name",
      effectiveLimitSql(eb, activation.kind).as("limit"),
    ])
    .where("licenses.id", "=", activation.license_id)
    .where("users.password_hash", "is not", null)
    .where(userSeesLicense)
    .where(
      sql<boolean>`coalesce(${sql.ref("notification_preferences.activation_changes")}, ${DEFAULT_NOTIFICATION_PREFERENCES.activationChanges})`,
    )
    .orderBy("users.id")
    .execute();
  if (recipients.length === 0) return 0;

  const { used } = await trx
    .selectFrom("activations")
    .select((eb) => eb.fn.countAll<string>().as("used"))
    .where("license_id", "=", activation.license_id)
    .where("kind", "=", activation.kind)
    .where("deactivated_at", "is", null)
    .executeTakeFirstOrThrow();
  const byName =
    by === "customer" && byUserId
      ? ((
          await trx.selectFrom("users").select("name").where("id", "=", byUserId).executeTakeFirst()
        )?.name ?? null)
      : null;
  const when = at ?? activation.deactivated_at ?? new Date();

  let queued = 0;
  for (const user of recipients) {
    const mail = activationNoticeMail(user.email, {
      name: user.name,
      change,
      kind: activation.kind,
      activationName: activation.name ?? activation.hostname ?? activation.identifier,
      licenseName: user.license_name,
      productName: user.product_name,
      by,
      byName,
      at: when,
      reason: change === "ended" ? (activation.reason ?? null) : null,
      used: Number(used),
      limit: Number(user.limit),
      timeZone: user.timezone,
    });
    const dedupeKey = `activation:${activation.id}:${change}:${user.id}`;
    if (await enqueueMail(trx, { ...mail, dedupeKey })) queued++;
  }
  return queued;
}
