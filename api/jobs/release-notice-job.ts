import { type Kysely, sql } from "kysely";
import { userSeesLicense } from "../accounts/customer-scope.ts";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "../accounts/notification-preferences.ts";
import type { Config } from "../config/config.ts";
import type { Logger } from "../core/logger.ts";
import { DAY_MS } from "../core/time.ts";
import type { Database } from "../db/schema.ts";
import { coverageOf, coversRelease } from "../downloads/download-coverage.ts";
import { enqueueMail } from "../mail/mail-outbox.ts";
import { newReleaseMail } from "../mail/notice-mail-templates.ts";
import { JOB_SCHEDULE, type TimingOverride, timingOf } from "./job-schedule.ts";
import { type PeriodicJob, startPeriodicJob, tryJobLock } from "./periodic-job.ts";

/** Releases announced per run; more wait for the next run, so one transaction stays small. */
const RELEASES_PER_RUN = 20;
/**
 * A release recorded with a publication date more than this far in the past is
 * history being entered (an import, the demo catalogue), not news: it is marked
 * announced without mail.
 */
const BACKDATED_MS = DAY_MS;

/** The mail's dedupe key: one notice per release and user, whatever happens to the release later. */
export function releaseNoticeKey(releaseId: string, userId: string): string {
  return `release:${releaseId}:${userId}`;
}

export interface ReleaseNoticeRun {
  /** Releases marked announced in this run. */
  readonly releases: number;
  /** Mails queued. */
  readonly mails: number;
}

/**
 * Announces releases that are published (`publishedAt ≤ now`) and not announced
 * yet: queues one mail per user entitled to the release who wants new-release
 * mails (the defaults when they never chose) and marks the release announced, in
 * one transaction under the job's advisory lock. A user is entitled when one of
 * the licenses they can see (owner or admin: the account's; member: the ones
 * assigned) is neither suspended nor revoked and covers the release (the rules of
 * `GET /v1/downloads`); they must have a password, so they can sign in and opt
 * out. Answers what it did, or `null` when another process holds the lock.
 *
 * @example
 * const run = await announceReleases(db, config); // { releases: 1, mails: 3 }
 */
export async function announceReleases(
  db: Kysely<Database>,
  config: Pick<Config, "publicUrl">,
  now: Date = new Date(),
): Promise<ReleaseNoticeRun | null> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryJobLock(trx, JOB_SCHEDULE.releaseNotices.lockId))) return null;
    const pending = await trx
      .selectFrom("releases")
      .innerJoin("products", "products.id", "releases.product_id")
      .select([
        "releases.id",
        "releases.product_id",
        "releases.version",
        "releases.channel",
        "releases.published_at",
        "releases.notes",
        "releases.created_at",
        "products.name as product_name",
      ])
      .where("releases.announced_at", "is", null)
      .where("releases.published_at", "<=", now)
      .orderBy("releases.published_at")
      .orderBy("releases.id")
      .limit(RELEASES_PER_RUN)
      .forUpdate("releases")
      .execute();
    let mails = 0;
    for (const release of pending) {
      const publishedAt = release.published_at ?? now;
      if (publishedAt.getTime() >= release.created_at.getTime() - BACKDATED_MS) {
        for (const user of await entitledRecipients(trx, release.product_id, publishedAt, now)) {
          const mail = newReleaseMail(user.email, {
            name: user.name,
            productName: release.product_name,
            version: release.version,
            channel: release.channel,
            publishedAt,
            notes: release.notes,
            link: `${config.publicUrl}/downloads`,
            timeZone: user.timezone,
          });
          const dedupeKey = releaseNoticeKey(release.id, user.id);
          if (await enqueueMail(trx, { ...mail, dedupeKey })) mails++;
        }
      }
      await trx
        .updateTable("releases")
        .set({ announced_at: now })
        .where("id", "=", release.id)
        .execute();
    }
    return { releases: pending.length, mails };
  });
}

/**
 * The users who want new-release mail and may download a release of the product
 * published at `publishedAt`, each once. Identical licenses collapse in the query
 * (`distinct`), so an account with thousands of them costs a row per user and kind.
 */
/** Who gets a release's notice, and the time zone their mail speaks in. */
interface Recipient {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly timezone: string;
}

async function entitledRecipients(
  db: Kysely<Database>,
  productId: string,
  publishedAt: Date,
  now: Date,
): Promise<Recipient[]> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("licenses", "licenses.account_id", "users.account_id")
    .innerJoin("policies", "policies.id", "licenses.policy_id")
    .leftJoin("notification_preferences", "notification_preferences.user_id", "users.id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.timezone",
      "licenses.expires_at",
      "licenses.maintenance_expires_at",
      "policies.expiration_strategy",
    ])
    .distinct()
    .where("licenses.product_id", "=", productId)
    .where("licenses.revoked_at", "is", null)
    .where("licenses.suspended_at", "is", null)
    .where("users.password_hash", "is not", null)
    .where(userSeesLicense)
    .where(
      sql<boolean>`coalesce(${sql.ref("notification_preferences.new_release")}, ${DEFAULT_NOTIFICATION_PREFERENCES.newRelease})`,
    )
    .orderBy("users.id")
    .execute();
  const recipients = new Map<string, Recipient>();
  for (const row of rows) {
    if (recipients.has(row.id)) continue;
    const coverage = coverageOf({ ...row, suspended_at: null, revoked_at: null }, now);
    if (coversRelease(coverage, publishedAt)) {
      recipients.set(row.id, {
        id: row.id,
        email: row.email,
        name: row.name,
        timezone: row.timezone,
      });
    }
  }
  return [...recipients.values()];
}

export type ReleaseNoticeJob = PeriodicJob<ReleaseNoticeRun | null>;

/**
 * Runs `announceReleases` on its schedule (jobs/job-schedule.ts) until stopped: a
 * release scheduled for later, or published from a draft, is announced within a
 * minute of going live.
 */
export function startReleaseNoticeJob(
  { db, logger, config }: { db: Kysely<Database>; logger: Logger; config: Config },
  timing: TimingOverride = {},
): ReleaseNoticeJob {
  return startPeriodicJob(logger, {
    run: () => announceReleases(db, config),
    ...timingOf("releaseNotices", timing),
    report: (run, log) => {
      if (run?.releases) log.info(run, "announced new releases");
    },
  });
}
