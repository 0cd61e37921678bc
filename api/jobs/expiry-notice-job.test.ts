import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  saveNotificationPreferences,
} from "../accounts/notification-preferences.ts";
import { createPolicy } from "../catalogue/policy-service.ts";
import { createLogger } from "../core/logger.ts";
import { DAY_MS } from "../core/time.ts";
import type { Role } from "../db/schema.ts";
import { createLicense } from "../licenses/license-service.ts";
import { insertAccount, insertProduct, insertUser } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import {
  dueExpiryNoticesQuery,
  enqueueExpiryNotices,
  expiryNoticeKey,
  startExpiryNoticeJob,
} from "./expiry-notice-job.ts";

const now = new Date("2026-12-01T09:00:00Z");
const inDays = (days: number, from = now) => new Date(from.getTime() + days * DAY_MS);

let t: TestContext;
let policyId: string;

beforeAll(async () => {
  t = await createTestContext();
  const productId = await insertProduct(t.deps.db);
  policyId = (
    await createPolicy(t.deps.db, {
      productId,
      name: "Annual",
      maxMachines: 3,
      maxDomains: 0,
      expirationStrategy: "revoke",
    })
  ).id;
});
afterAll(() => t.close());

/** A user who can sign in (a password hash is set) unless `invited`; optional preferences. */
async function user(
  accountId: string,
  role: Role,
  {
    invited = false,
    days,
    wants = true,
  }: { invited?: boolean; days?: number; wants?: boolean } = {},
) {
  const id = await insertUser(t.deps.db, accountId, role);
  if (!invited) {
    await t.deps.db
      .updateTable("users")
      .set({ password_hash: "$argon2id$v=19$placeholder" })
      .where("id", "=", id)
      .execute();
  }
  if (days !== undefined || !wants) {
    await saveNotificationPreferences(t.deps.db, id, {
      ...DEFAULT_NOTIFICATION_PREFERENCES,
      licenseExpiring: wants,
      licenseExpiringDays: days ?? DEFAULT_NOTIFICATION_PREFERENCES.licenseExpiringDays,
    });
  }
  const row = await t.deps.db
    .selectFrom("users")
    .select(["id", "email"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row;
}

async function license(
  accountId: string,
  expiresAt: Date | null,
  { userIds = [] as string[], name = "Studio seat" } = {},
) {
  return (
    await createLicense(t.deps.db, t.deps.keys, { accountId, policyId, expiresAt, userIds, name })
  ).id;
}

/** Who got an expiry notice about a license, by address. */
async function notified(licenseId: string): Promise<string[]> {
  const rows = await t.deps.db
    .selectFrom("mail_outbox")
    .select("to_address")
    .where("dedupe_key", "like", `license-expiring:${licenseId}:%`)
    .orderBy("to_address")
    .execute();
  return rows.map((row) => row.to_address);
}

describe("enqueueExpiryNotices", () => {
  it("mails each user who can see the license, within their own notice window", async () => {
    const accountId = await insertAccount(t.deps.db);
    const owner = await user(accountId, "owner"); // default: 30 days
    const admin = await user(accountId, "admin", { days: 7 });
    const assigned = await user(accountId, "member", { days: 14 });
    const unassigned = await user(accountId, "member");
    const optedOut = await user(accountId, "admin", { wants: false });
    await user(accountId, "owner", { invited: true }); // never signed up: cannot opt out
    const stranger = await user(await insertAccount(t.deps.db), "owner");
    const lic = await license(accountId, inDays(10), { userIds: [assigned.id] });

    expect(await enqueueExpiryNotices(t.deps.db, now)).toBeGreaterThanOrEqual(2);
    expect(await notified(lic)).toEqual([owner.email, assigned.email].sort());

    // Four days later, six days are left: inside the admin's 7-day window.
    await enqueueExpiryNotices(t.deps.db, inDays(4));
    expect(await notified(lic)).toEqual([owner.email, admin.email, assigned.email].sort());
    for (const never of [unassigned, optedOut, stranger]) {
      expect(await notified(lic)).not.toContain(never.email);
    }
  });

  it("leaves suspended, revoked, expired, perpetual and far-off licenses alone", async () => {
    const accountId = await insertAccount(t.deps.db);
    await user(accountId, "owner", { days: 90 });
    const suspended = await license(accountId, inDays(5));
    const revoked = await license(accountId, inDays(5));
    await t.deps.db
      .updateTable("licenses")
      .set({ suspended_at: now })
      .where("id", "=", suspended)
      .execute();
    await t.deps.db
      .updateTable("licenses")
      .set({ revoked_at: now })
      .where("id", "=", revoked)
      .execute();
    const expired = await license(accountId, inDays(-1));
    const perpetual = await license(accountId, null);
    const farOff = await license(accountId, inDays(91));
    const due = await license(accountId, inDays(89));
    await enqueueExpiryNotices(t.deps.db, now);
    for (const id of [suspended, revoked, expired, perpetual, farOff]) {
      expect(await notified(id)).toEqual([]);
    }
    expect(await notified(due)).toHaveLength(1);
  });

  it("sends nothing new on a second run, and notifies again for a renewed license's new date", async () => {
    const accountId = await insertAccount(t.deps.db);
    const owner = await user(accountId, "owner");
    const lic = await license(accountId, inDays(20));
    await enqueueExpiryNotices(t.deps.db, now);
    expect(await notified(lic)).toEqual([owner.email]);
    // The query itself skips what was queued, so later runs do not even try again.
    const due = await dueExpiryNoticesQuery(t.deps.db, inDays(1))
      .where("licenses.id", "=", lic)
      .execute();
    expect(due).toEqual([]);
    await enqueueExpiryNotices(t.deps.db, inDays(1));
    await enqueueExpiryNotices(t.deps.db, inDays(19));
    expect(await notified(lic)).toEqual([owner.email]);

    const renewedTo = inDays(365);
    await t.deps.db
      .updateTable("licenses")
      .set({ expires_at: renewedTo })
      .where("id", "=", lic)
      .execute();
    await enqueueExpiryNotices(t.deps.db, inDays(2));
    expect(await notified(lic)).toHaveLength(1);
    await enqueueExpiryNotices(t.deps.db, inDays(340));
    expect(await notified(lic)).toEqual([owner.email, owner.email]);
    const keys = await t.deps.db
      .selectFrom("mail_outbox")
      .select("dedupe_key")
      .where("dedupe_key", "like", `license-expiring:${lic}:%`)
      .execute();
    expect(keys.map((row) => row.dedupe_key).sort()).toEqual(
      [
        expiryNoticeKey(lic, inDays(20), owner.id),
        expiryNoticeKey(lic, renewedTo, owner.id),
      ].sort(),
    );
  });

  it("queues each notice once when two runs overlap", async () => {
    const accountId = await insertAccount(t.deps.db);
    const owners = [await user(accountId, "owner"), await user(accountId, "admin")];
    const ids = [await license(accountId, inDays(3)), await license(accountId, inDays(4))];
    const results = await Promise.all([
      enqueueExpiryNotices(t.deps.db, now),
      enqueueExpiryNotices(t.deps.db, now),
    ]);
    // One run does the work (or both share it); the other finds the job locked (null).
    expect(results.reduce<number>((sum, n) => sum + (n ?? 0), 0)).toBeGreaterThanOrEqual(4);
    for (const id of ids) {
      expect(await notified(id)).toEqual(owners.map((o) => o.email).sort());
    }
  });

  it("writes the date in the user's time zone and escapes names in the HTML part", async () => {
    const accountId = await insertAccount(t.deps.db);
    const owner = await user(accountId, "owner");
    await t.deps.db
      .updateTable("users")
      .set({ timezone: "Europe/Berlin", name: "Ada" })
      .where("id", "=", owner.id)
      .execute();
    const lic = await license(accountId, new Date("2026-12-04T23:30:00Z"), {
      name: "<script>alert(1)</script> & Co",
    });
    await enqueueExpiryNotices(t.deps.db, now);
    const mail = await t.deps.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("dedupe_key", "like", `license-expiring:${lic}:%`)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe("<script>alert(1)</script> & Co expires in 4 days — Keyport");
    expect(mail.text_body).toContain("Hello Ada,");
    // 23:30 UTC is already the next day in Berlin.
    expect(mail.text_body).toContain("expires on 5 December 2026 at 00:30 CET, in 4 days.");
    expect(mail.html_body).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
    expect(mail.html_body).not.toContain("<script>");
  });
});

describe("startExpiryNoticeJob", () => {
  it("runs shortly after start, then on its interval, until stopped", async () => {
    const accountId = await insertAccount(t.deps.db);
    const owner = await user(accountId, "owner");
    const soon = await license(accountId, inDays(2, new Date()));
    const job = startExpiryNoticeJob(
      { db: t.deps.db, logger: createLogger("silent") },
      { firstRunMs: 10, intervalMs: 50 },
    );
    try {
      await expect.poll(() => notified(soon), { timeout: 5000 }).toEqual([owner.email]);
      const later = await license(accountId, inDays(3, new Date()));
      await expect.poll(() => notified(later), { timeout: 5000 }).toEqual([owner.email]);
    } finally {
      await job.stop();
    }
    const afterStop = await license(accountId, inDays(4, new Date()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await notified(afterStop)).toEqual([]);
    expect(await job.runOnce()).toBeGreaterThanOrEqual(1);
    expect(await notified(afterStop)).toEqual([owner.email]);
  });
});
