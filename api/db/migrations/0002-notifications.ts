import { type Kysely, sql } from "kysely";

/**
 * Issue 4's dashboard and notices. The dashboard counts the licenses whose
 * software failed a validation lately; validation events are the largest table,
 * so the failed ones get a small partial index by account and time. Expiry and
 * activation notices need no table: `mail_outbox.dedupe_key` records what went out.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("validation_events_failed_idx")
    .on("validation_events")
    .columns(["account_id", "created_at"])
    .where(sql.ref("valid"), "=", false)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("validation_events_failed_idx").execute();
}
