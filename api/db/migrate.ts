import { type Kysely, sql } from "kysely";
import { type Migration, type MigrationResultSet, Migrator } from "kysely/migration";
import * as initial from "./migrations/0001-initial.ts";
import * as notifications from "./migrations/0002-notifications.ts";
import * as releaseNotices from "./migrations/0003-release-notices.ts";
import * as sessionSecurityChanges from "./migrations/0004-session-security-changes.ts";
import * as validationEventPartitions from "./migrations/0005-validation-event-partitions.ts";
import * as licenseUsage from "./migrations/0006-license-usage.ts";
import * as licenseLastFailure from "./migrations/0007-license-last-failure.ts";
import type { Database } from "./schema.ts";

/** Listed here, not read from disk, so migrations ship inside any bundle. */
const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-notifications": notifications,
  "0003-release-notices": releaseNotices,
  "0004-session-security-changes": sessionSecurityChanges,
  "0005-validation-event-partitions": validationEventPartitions,
  "0006-license-usage": licenseUsage,
  "0007-license-last-failure": licenseLastFailure,
};

/**
 * Applies every pending migration; Kysely holds an advisory lock so concurrent starts are safe.
 * The migrations, and the wait for another process's, run on one connection without the pool's
 * statement timeout: building an index over millions of rows may take minutes, which no request
 * may.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const result = await db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      const migrator = new Migrator({
        db: connection,
        provider: { getMigrations: async () => migrations },
      });
      return await migrator.migrateToLatest();
    } finally {
      // Back to the pool's setting before the connection serves requests.
      await sql`reset statement_timeout`.execute(connection);
    }
  });
  if (result.error) {
    throw new Error("Database migration failed", { cause: result.error });
  }
  return result;
}
