import { type Kysely, sql } from "kysely";
import { type Migration, Migrator } from "kysely/migration";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  saveNotificationPreferences,
} from "../accounts/notification-preferences.ts";
import { createRelease, updateRelease } from "../catalogue/release-service.ts";
import { createId } from "../core/ids.ts";
import { addDays, HOUR_MS } from "../core/time.ts";
import { openDatabase } from "../db/connection.ts";
import * as initial from "../db/migrations/0001-initial.ts";
import * as notifications from "../db/migrations/0002-notifications.ts";
import * as releaseNotices from "../db/migrations/0003-release-notices.ts";
import type { Database, ExpirationStrategy, Role } from "../db/schema.ts";
import { issueLicense } from "../test/download-fixtures.ts";
import { insertAccount, insertProduct, insertUser } from "../test/fixtures.ts";
import { createTestContext, createTestDatabaseUrl, type TestContext } from "../test/harness.ts";
import { type SmtpSink, startSmtpSink } from "../test/smtp-sink.ts";
import { type MailDeliveryJob, startMailDeliveryJob } from "./mail-delivery-job.ts";
import { announceReleases, releaseNoticeKey } from "./release-notice-job.ts";

let sink: SmtpSink;
let t: TestContext;
let sender: MailDeliveryJob;
let db: Kysely<Database>;
let productId: string;
/** Addresses that must get a notice of each release of the product, and those that must not. */
const expected: string[] = [];
const excluded: string[] = [];

/** A user with a password (so they can sign in), unless `invited`. */
async function user(accountId: string, role: Role, { invited = false } = {}) {
  const id = await insertUser(db, accountId, role);
  if (!invited) {
    await db
      .updateTable("users")
      .set({ password_hash: "test-hash" })
      .where("id", "=", id)
      .execute();
  }
  const row = await db
    .selectFrom("users")
    .select("email")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { id, email: row.email };
}

async function licenseFor(
  accountId: string,
  strategy: ExpirationStrategy,
  fields: {
    expiresAt?: Date | null;
    maintenanceExpiresAt?: Date | null;
    userIds?: string[];
    product?: string;
  } = {},
) {
  return issueLicense(db, t.deps.keys, {
    productId: fields.product ?? productId,
    accountId,
    strategy,
    expiresAt: fields.expiresAt ?? null,
    ...(fields.maintenanceExpiresAt === undefined
      ? {}
      : { maintenanceExpiresAt: fields.maintenanceExpiresAt }),
    userIds: fields.userIds ?? [],
  });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestContext({ SMTP_URL: sink.url, PUBLIC_URL: "https://portal.example.com" });
  sender = startMailDeliveryJob(t.deps, { intervalMs: HOUR_MS });
  db = t.deps.db;
  productId = await insertProduct(db, "studio");
  await db
    .updateTable("products")
    .set({ name: "Studio <b>&</b>" })
    .where("id", "=", productId)
    .execute();
  const now = new Date();

  // One account, everyone who can see its covering license, and those who cannot or opted out.
  const acme = await insertAccount(db, "Acme");
  const owner = await user(acme, "owner");
  const admin = await user(acme, "admin");
  const assigned = await user(acme, "member");
  const unassigned = await user(acme, "member");
  const invited = await user(acme, "admin", { invited: true });
  const optedOut = await user(acme, "admin");
  await saveNotificationPreferences(db, optedOut.id, {
    ...DEFAULT_NOTIFICATION_PREFERENCES,
    newRelease: false,
  });
  await licenseFor(acme, "allow", { userIds: [assigned.id] });
  expected.push(owner.email, admin.email, assigned.email);
  excluded.push(unassigned.email, invited.email, optedOut.email);

  // Licenses that do not cover a release published from now on.
  const ended = await insertAccount(db, "Maintenance ended");
  excluded.push((await user(ended, "owner")).email);
  await licenseFor(ended, "restrict", {
    expiresAt: addDays(now, 100),
    maintenanceExpiresAt: addDays(now, -1),
  });
  const expired = await insertAccount(db, "Expired");
  excluded.push((await user(expired, "owner")).email);
  await licenseFor(expired, "maintain", { expiresAt: addDays(now, -1) });
  const suspended = await insertAccount(db, "Suspended");
  excluded.push((await user(suspended, "owner")).email);
  const suspendedLicense = await licenseFor(suspended, "allow");
  await db
    .updateTable("licenses")
    .set({ suspended_at: now })
    .where("id", "=", suspendedLicense)
    .execute();
  const elsewhere = await insertAccount(db, "Other product");
  excluded.push((await user(elsewhere, "owner")).email);
  await licenseFor(elsewhere, "allow", { product: await insertProduct(db) });

  // Two licenses, one covering: one mail.
  const both = await insertAccount(db, "Two licenses");
  expected.push((await user(both, "owner")).email);
  await licenseFor(both, "maintain", { expiresAt: addDays(now, -1) });
  await licenseFor(both, "allow");
});
afterAll(async () => {
  await sender?.stop();
  await t?.close();
  await sink?.close();
});

/** The addresses queued a notice of the release, sorted. */
async function noticesOf(releaseId: string) {
  const rows = await db
    .selectFrom("mail_outbox")
    .select(["to_address", "dedupe_key", "subject", "text_body", "html_body"])
    .where("dedupe_key", "like", `release:${releaseId}:%`)
    .execute();
  return rows;
}

async function recipientsOf(releaseId: string) {
  return (await noticesOf(releaseId)).map((row) => row.to_address).sort();
}

async function announcedAt(releaseId: string) {
  const row = await db
    .selectFrom("releases")
    .select("announced_at")
    .where("id", "=", releaseId)
    .executeTakeFirstOrThrow();
  return row.announced_at;
}

describe("announceReleases", () => {
  it("mails every user entitled to a new release who wants it, once, and marks it announced", async () => {
    const release = await createRelease(db, { productId, version: "2.0.0", notes: "Faster." });
    const run = await announceReleases(db, t.deps.config, new Date(Date.now() + 1000));
    expect(run).toEqual({ releases: 1, mails: expected.length });
    expect(await recipientsOf(release.id)).toEqual([...expected].sort());
    for (const address of excluded) expect(await recipientsOf(release.id)).not.toContain(address);
    expect(await announcedAt(release.id)).toBeInstanceOf(Date);

    expect(await announceReleases(db, t.deps.config)).toEqual({ releases: 0, mails: 0 });
    expect(await recipientsOf(release.id)).toHaveLength(expected.length);
  });

  it("names the release, links to the portal's downloads and escapes the vendor's text", async () => {
    const release = await createRelease(db, {
      productId,
      version: "2.1.0-beta.1",
      notes: "Comments <script>alert(1)</script>\nand more.",
    });
    await announceReleases(db, t.deps.config);
    const [mail] = await noticesOf(release.id);
    expect(mail?.subject).toBe("Studio <b>&</b> 2.1.0-beta.1 (beta) is out — Keyport");
    expect(mail?.text_body.split("\n")).toContain("https://portal.example.com/downloads");
    expect(mail?.text_body).toContain("Comments <script>alert(1)</script>\nand more.");
    expect(mail?.html_body).toContain("Studio &lt;b&gt;&amp;&lt;/b&gt; 2.1.0-beta.1");
    expect(mail?.html_body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail?.html_body).not.toContain("<script>");
    expect(mail?.html_body).toContain('href="https://portal.example.com/downloads"');
    expect(mail?.dedupe_key).toMatch(/^release:rel_[0-9A-Z]{26}:usr_[0-9A-Z]{26}$/);
  });

  it("announces a draft when it is published, not before", async () => {
    const draft = await createRelease(db, { productId, version: "3.0.0", publishedAt: null });
    await announceReleases(db, t.deps.config);
    expect(await announcedAt(draft.id)).toBeNull();
    expect(await recipientsOf(draft.id)).toEqual([]);
    await updateRelease(db, draft.id, { publishedAt: new Date() });
    await announceReleases(db, t.deps.config, new Date(Date.now() + 1000));
    expect(await recipientsOf(draft.id)).toEqual([...expected].sort());
  });

  it("announces a release scheduled for later once its time has come", async () => {
    const later = await createRelease(db, {
      productId,
      version: "3.1.0",
      publishedAt: new Date(Date.now() + HOUR_MS),
    });
    await announceReleases(db, t.deps.config);
    expect(await announcedAt(later.id)).toBeNull();
    await announceReleases(db, t.deps.config, new Date(Date.now() + 2 * HOUR_MS));
    expect(await recipientsOf(later.id)).toEqual([...expected].sort());
  });

  it("marks a release entered with a past date announced without mail", async () => {
    const history = await createRelease(db, {
      productId,
      version: "1.0.0",
      publishedAt: addDays(new Date(), -30),
    });
    expect(await announceReleases(db, t.deps.config)).toEqual({ releases: 1, mails: 0 });
    expect(await announcedAt(history.id)).toBeInstanceOf(Date);
  });

  it("queues each notice once when two runs overlap", async () => {
    const release = await createRelease(db, { productId, version: "3.2.0" });
    const runs = await Promise.all([
      announceReleases(db, t.deps.config, new Date(Date.now() + 1000)),
      announceReleases(db, t.deps.config, new Date(Date.now() + 1000)),
    ]);
    expect(runs.reduce((sum, run) => sum + (run?.mails ?? 0), 0)).toBe(expected.length);
    expect(await recipientsOf(release.id)).toEqual([...expected].sort());
  });

  it("keeps the dedupe key stable per release and user", () => {
    const releaseId = createId("rel");
    const userId = createId("usr");
    expect(releaseNoticeKey(releaseId, userId)).toBe(`release:${releaseId}:${userId}`);
  });

  it("delivers the notice over SMTP", async () => {
    const release = await createRelease(db, { productId, version: "3.3.0" });
    await announceReleases(db, t.deps.config, new Date(Date.now() + 1000));
    await sender.flush();
    const mail = await sink.waitFor(
      (m) => m.recipients.includes(expected[0]!) && m.subject.includes("3.3.0"),
    );
    expect(mail.link).toBe("https://portal.example.com/downloads");
    expect(mail.text).toContain(`${release.version} was released on`);
  });
});

describe("migration 0003-release-notices", () => {
  it("counts releases already published as announced, and leaves drafts and scheduled ones", async () => {
    const { url, drop } = await createTestDatabaseUrl();
    const handle = await openDatabase({ databaseUrl: url });
    try {
      const migrations: Record<string, Migration> = {
        "0001-initial": initial,
        "0002-notifications": notifications,
        "0003-release-notices": releaseNotices,
      };
      const migrator = new Migrator({
        db: handle.db,
        provider: { getMigrations: async () => migrations },
      });
      expect((await migrator.migrateTo("0002-notifications")).error).toBeUndefined();
      const product = await insertProduct(handle.db);
      const ids = {
        published: createId("rel"),
        draft: createId("rel"),
        scheduled: createId("rel"),
      };
      const publishedAt = {
        published: addDays(new Date(), -1),
        draft: null,
        scheduled: addDays(new Date(), 1),
      };
      for (const [name, id] of Object.entries(ids)) {
        await sql`insert into releases (id, product_id, version, channel, published_at)
          values (${id}, ${product}, ${`1.0.${Object.keys(ids).indexOf(name)}`}, 'stable',
          ${publishedAt[name as keyof typeof ids]})`.execute(handle.db);
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows = await handle.db.selectFrom("releases").select(["id", "announced_at"]).execute();
      const announced = Object.fromEntries(rows.map((row) => [row.id, row.announced_at !== null]));
      expect(announced).toEqual({
        [ids.published]: true,
        [ids.draft]: false,
        [ids.scheduled]: false,
      });
    } finally {
      await handle.close();
      await drop();
    }
  });
});
