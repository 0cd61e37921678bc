import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

/** Which mails a user wants, beyond those every account gets (links they asked for). */
export interface NotificationPreferences {
  readonly licenseExpiring: boolean;
  /** How many days before a license expires the notice goes out (1–90). */
  readonly licenseExpiringDays: number;
  readonly newRelease: boolean;
  readonly activationChanges: boolean;
  readonly securityNotices: boolean;
}

/** What a user who never chose gets. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = Object.freeze({
  licenseExpiring: true,
  licenseExpiringDays: 30,
  newRelease: true,
  activationChanges: false,
  securityNotices: true,
});

/**
 * A user's choices, or the defaults when they never chose.
 *
 * @example
 * const { licenseExpiringDays } = await getNotificationPreferences(db, userId);
 */
export async function getNotificationPreferences(
  db: Kysely<Database>,
  userId: string,
): Promise<NotificationPreferences> {
  const row = await db
    .selectFrom("notification_preferences")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return DEFAULT_NOTIFICATION_PREFERENCES;
  return {
    licenseExpiring: row.license_expiring,
    licenseExpiringDays: row.license_expiring_days,
    newRelease: row.new_release,
    activationChanges: row.activation_changes,
    securityNotices: row.security_notices,
  };
}

/** Stores all of a user's choices at once (insert or replace) and answers them. */
export async function saveNotificationPreferences(
  db: Kysely<Database>,
  userId: string,
  preferences: NotificationPreferences,
): Promise<NotificationPreferences> {
  const values = {
    license_expiring: preferences.licenseExpiring,
    license_expiring_days: preferences.licenseExpiringDays,
    new_release: preferences.newRelease,
    activation_changes: preferences.activationChanges,
    security_notices: preferences.securityNotices,
    updated_at: new Date(),
  };
  await db
    .insertInto("notification_preferences")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
    .execute();
  return getNotificationPreferences(db, userId);
}

/** Whether the user wants mail when their password, address or second factor changes. */
export async function wantsSecurityNotices(db: Kysely<Database>, userId: string): Promise<boolean> {
  return (await getNotificationPreferences(db, userId)).securityNotices;
}
