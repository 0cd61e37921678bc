import { type Kysely, sql } from "kysely";
import { userSeesLicense } from "../accounts/customer-scope.ts";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "../accounts/notification-preferences.ts";
import type { Logger } from "../core/logger.ts";
import { addDays, daysSql, timestampSql, wholeDaysUntil } from "../core/time.ts";
import type { Database } from "../db/schema.ts";
import { enqueueMail } from "../mail/mail-outbox.ts";
import { licenseExpiringMail } from "../mail/notice-mail-templates.ts";
import { JOB_SCHEDULE, type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob, tryJobLock } from "./periodic-job.ts";

/** The longest notice period a user can choose (`licenseExpiringDays`, see me-notifications). */
const MAX_NOTICE_DAYS = 90;

/**
 * The mail's dedupe key: one notice per license, expiry date and user, so a
 * renewed license is announced again for its new date but never twice for one.
 */
export function expiryNoticeKey(licenseId: string, expiresAt: Date, userId: string): string {
  return `license-expiring:${licenseId}:${expiresAt.getTime()}:${userId}`;
}

/**
 * Every (license, user) pair due a notice at `now`, in one query: the license is
 * neither revoked nor suspended and expires after `now` but within the user's
 * `licenseExpiringDays` (defaults applied when the user never chose); the user
 * can see it (owner or admin of its account, or a member assigned to it), has a
 * password (so can sign in and opt out) and wants expiry notices; and no notice
 * for this expiry was queued yet.
 */
export function dueExpiryNoticesQuery(db: Kysely<Database>, now: Date) {
  const defaults = DEFAULT_NOTIFICATION_PREFERENCES;
  return (
    db
      .selectFrom("licenses")
      .innerJoin("products", "products.id", "licenses.product_id")
      .innerJoin("users", "users.account_id", "licenses.account_id")
      .leftJoin("notification_preferences", "notification_preferences.user_id", "users.id")
      .select([
        "licenses.id as license_id",
        "licenses.name as license_name",
        "licenses.expires_at",
        "products.name as product_name",
        "users.id as user_id",
        "users.email",
        "users.name as user_name",
        "users.timezone",
      ])
      .where("licenses.revoked_at", "is", null)
      .where("licenses.suspended_at", "is", null)
      .where("licenses.expires_at", ">", now)
      // The widest window anyone can choose bounds the scan of the expiry index.
      .where("licenses.expires_at", "<=", addDays(now, MAX_NOTICE_DAYS))
      .where(
        "licenses.expires_at",
        "<=",
        sql<Date>`${timestampSql(now)} + ${daysSql(sql<number>`coalesce(${sql.ref("notification_preferences.license_expiring_days")}, ${defaults.licenseExpiringDays})`)}`,
      )
      .where(
        sql<boolean>`coalesce(${sql.ref("notification_preferences.license_expiring")}, ${defaults.licenseExpiring})`,
      )
      .where("users.password_hash", "is not", null)
      .where(userSeesLicense)
      // Mirrors expiryNoticeKey so a run skips what went out before; enqueueMail's dedupe is the backstop.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("mail_outbox")
              .select("mail_outbox.id")
              .where(
                "mail_outbox.dedupe_key",
                "=",
                sql<string>`'license-expiring:' || licenses.id || ':' || floor(extract(epoch from licenses.expires_at) * 1000)::bigint || ':' || users.id`,
              ),
          ),
        ),
      )
      .orderBy("licenses.expires_at")
      .orderBy("licenses.id")
      .orderBy("users.id")
  );
}

/**
 * Queues the expiry notices due at `now` (see {@link dueExpiryNoticesQuery}) in
 * one transaction under the job's advisory lock. Answers how many mails it
 * queued, or `null` when another process holds the lock and is doing the work.
 *
 * @example
 * const queued = await enqueueExpiryNotices(db);
 */
export async function enqueueExpiryNotices(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryJobLock(trx, JOB_SCHEDULE.expiryNotices.lockId))) return null;
    const due = await dueExpiryNoticesQuery(trx, now).execute();
    let queued = 0;
    for (const row of due) {
      // The query's `expires_at > now` guarantees a date; the column type cannot know it.
      const expiresAt = row.expires_at as Date;
      const mail = licenseExpiringMail(row.email, {
        name: row.user_name,
        licenseName: row.license_name,
        productName: row.product_name,
        expiresAt,
        daysLeft: wholeDaysUntil(expiresAt, now),
        timeZone: row.timezone,
      });
      const dedupeKey = expiryNoticeKey(row.license_id, expiresAt, row.user_id);
      if (await enqueueMail(trx, { ...mail, dedupeKey })) queued++;
    }
    return queued;
  });
}

export type ExpiryNoticeJob = PeriodicJob<number | null>;

/** Runs `enqueueExpiryNotices` on its schedule (jobs/job-schedule.ts) until stopped. */
export function startExpiryNoticeJob(
  { db, logger }: { db: Kysely<Database>; logger: Logger },
  timing: TimingOverride = {},
): ExpiryNoticeJob {
  return startPeriodicJob(logger, {
    run: () => enqueueExpiryNotices(db),
    ...timingOf("expiryNotices", timing),
    report: (queued, log) => {
      if (queued) log.info({ queued }, "queued license expiry notices");
    },
  });
}
