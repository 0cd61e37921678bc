import type { Kysely } from "kysely";

/**
 * Issue 14, finding 4: a widget (portal-session) token may make security changes
 * (two-factor sign-in, password, email, recovery codes) only when the vendor asked
 * for it when minting the token. Sessions made before this run may not; sessions
 * from a sign-in (cookie and bearer) always may, whatever the column says.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("sessions")
    .addColumn("security_changes_allowed", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("sessions").dropColumn("security_changes_allowed").execute();
}
