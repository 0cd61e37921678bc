import { type Kysely, sql } from "kysely";

/**
 * Issue 5's new-release mails: `releases.announced_at` records that the release
 * notice job has mailed a release's entitled users (or decided not to). Releases
 * already published when this runs count as announced, so upgrading mails nobody
 * about old news; drafts and releases scheduled for later are announced when they
 * go live, as releases made after the upgrade are (docs/downloads.md).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("releases").addColumn("announced_at", "timestamptz").execute();
  await db
    .updateTable("releases")
    .set({ announced_at: sql`now()` })
    .where("published_at", "<=", sql<Date>`now()`)
    .execute();
  // The job looks only for releases not yet announced: a handful among many.
  await db.schema
    .createIndex("releases_unannounced_idx")
    .on("releases")
    .column("published_at")
    .where(sql.ref("announced_at"), "is", null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("releases_unannounced_idx").execute();
  await db.schema.alterTable("releases").dropColumn("announced_at").execute();
}
