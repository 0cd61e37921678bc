import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  saveNotificationPreferences,
} from "../accounts/notification-preferences.ts";
import { createPolicy } from "../catalogue/policy-service.ts";
import { createId } from "../core/ids.ts";
import type { Role } from "../db/schema.ts";
import { endDeadActivations } from "../jobs/heartbeat-job.ts";
import { startMailDeliveryJob } from "../jobs/mail-delivery-job.ts";
import { decryptLicenseKey } from "../licenses/license-key.ts";
import { createLicense } from "../licenses/license-service.ts";
import { insertAccount, insertProduct, insertUser } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { type SignedInUser, signedInUser } from "../test/signed-in-user.ts";
import { type SmtpSink, startSmtpSink } from "../test/smtp-sink.ts";
import { enqueueActivationNotices } from "./activation-notice-service.ts";

let sink: SmtpSink;
let t: TestContext;
let owner: SignedInUser;
/** Who can see the team license and chose activation notices, by address. */
let wanted: string[];
/** Who must never get them: no choice made (off by default), unassigned, invited, other account. */
let unwanted: string[];
let productId: string;
let team: { id: string; key: string };

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestContext({ SMTP_URL: sink.url });
  productId = await insertProduct(t.deps.db);
  owner = await signedInUser(t, { name: "Olive Owner" });
  await optIn(owner.userId);
  const a = owner.accountId;
  const assigned = await user(a, "member", true);
  const admin = await user(a, "admin", false);
  const unassigned = await user(a, "member", true);
  const invited = await insertUser(t.deps.db, a, "admin");
  await optIn(invited);
  const stranger = await user(await insertAccount(t.deps.db), "owner", true);
  team = await license({ userIds: [assigned.id] });
  wanted = [owner.email, assigned.email].sort();
  unwanted = [admin.email, unassigned.email, await emailOf(invited), stranger.email];
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

async function optIn(userId: string) {
  await saveNotificationPreferences(t.deps.db, userId, {
    ...DEFAULT_NOTIFICATION_PREFERENCES,
    activationChanges: true,
  });
}

async function emailOf(userId: string) {
  const row = await t.deps.db
    .selectFrom("users")
    .select("email")
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return row.email;
}

/** A user with a password hash set (so they could sign in), opted in or not. */
async function user(accountId: string, role: Role, opted: boolean) {
  const id = await insertUser(t.deps.db, accountId, role);
  await t.deps.db
    .updateTable("users")
    .set({ password_hash: "$argon2id$v=19$placeholder" })
    .where("id", "=", id)
    .execute();
  if (opted) await optIn(id);
  return { id, email: await emailOf(id) };
}

async function license({
  userIds = [] as string[],
  heartbeatSeconds = null as number | null,
  accountId = owner.accountId,
} = {}) {
  const policy = await createPolicy(t.deps.db, {
    productId,
    name: "Team",
    maxMachines: 10,
    maxDomains: 1,
    expirationStrategy: "restrict",
    heartbeatSeconds,
  });
  const row = await createLicense(t.deps.db, t.deps.keys, {
    accountId,
    policyId: policy.id,
    name: "Team license",
    userIds,
  });
  return { id: row.id, key: decryptLicenseKey(t.deps.keys, row.key_encrypted) };
}

function licensing(action: string, body: unknown) {
  return t.publicApp.request(`/v1/licensing/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The notices queued about one activation and change, oldest first. */
function notices(activationId: string, change: "created" | "ended") {
  return t.deps.db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("dedupe_key", "like", `activation:${activationId}:${change}:%`)
    .orderBy("to_address")
    .execute();
}

async function activate(key: string, fingerprint: string, name = "Build box") {
  const res = await licensing("activate", { key, fingerprint, name, platform: "linux" });
  const body = await res.json();
  return { status: res.status, id: body.activation?.id as string };
}

describe("activation notices", () => {
  it("mail the users who chose them when the software activates, not again when re-activated", async () => {
    const made = await activate(team.key, `fp-${createId("act")}`);
    expect(made.status).toBe(201);
    const mails = await notices(made.id, "created");
    expect(mails.map((m) => m.to_address)).toEqual(wanted);
    for (const address of unwanted) {
      expect(mails.map((m) => m.to_address)).not.toContain(address);
    }
    expect(mails[0]?.subject).toBe("New machine activated: Build box — Keyport");
    expect(mails[0]?.text_body).toMatch(
      /The machine "Build box" was activated for your license "Team license" \(Product \w+\) on .+\. 1 of 10 machines now in use\./,
    );

    const fingerprint = `fp-${createId("act")}`;
    const first = await activate(team.key, fingerprint);
    const again = await activate(team.key, fingerprint);
    expect(again).toEqual({ status: 200, id: first.id });
    expect(await notices(first.id, "created")).toHaveLength(wanted.length);
  });

  it("mail when the software deactivates, once", async () => {
    const fingerprint = `fp-${createId("act")}`;
    const { id } = await activate(team.key, fingerprint, "Old laptop");
    for (let i = 0; i < 2; i++) {
      expect((await licensing("deactivate", { key: team.key, fingerprint })).status).toBe(200);
    }
    const mails = await notices(id, "ended");
    expect(mails.map((m) => m.to_address)).toEqual(wanted);
    expect(mails[0]?.subject).toBe("Machine deactivated: Old laptop — Keyport");
    expect(mails[0]?.text_body).toContain('"Old laptop" was deactivated by the software itself');
  });

  it("mail when a customer deactivates, naming them and their reason", async () => {
    const { id } = await activate(team.key, `fp-${createId("act")}`, "Desk PC");
    const res = await owner.call("POST", `/v1/activations/${id}/deactivate`, {
      reason: "replaced <it>",
    });
    expect(res.status).toBe(200);
    const mails = await notices(id, "ended");
    expect(mails.map((m) => m.to_address)).toEqual(wanted);
    expect(mails[0]?.text_body).toContain('"Desk PC" was deactivated by Olive Owner on ');
    expect(mails[0]?.text_body).toContain("Reason given: replaced <it>");
    expect(mails[0]?.html_body).toContain("Reason given: replaced &lt;it&gt;");
    // Repeating the request changes nothing and mails nothing.
    await owner.call("POST", `/v1/activations/${id}/deactivate`, {});
    expect(await notices(id, "ended")).toHaveLength(wanted.length);
  });

  it("mail when the heartbeat job ends a dead activation, and when it is activated again", async () => {
    const watched = await license({ heartbeatSeconds: 60 });
    const fingerprint = `fp-${createId("act")}`;
    const { id } = await activate(watched.key, fingerprint, "Kiosk");
    const later = new Date(Date.now() + 10 * 60_000);
    await endDeadActivations(t.deps.db, later);
    const mails = await notices(id, "ended");
    expect(mails.map((m) => m.to_address)).toEqual([owner.email]);
    expect(mails[0]?.text_body).toContain(
      '"Kiosk" was deactivated automatically, because it stopped reporting in',
    );
    expect(await endDeadActivations(t.deps.db, later)).toBe(0);
    expect(await notices(id, "ended")).toHaveLength(1);

    // Activating a binding whose heartbeats died ends it and makes a new one: two notices.
    const again = await activate(watched.key, fingerprint, "Kiosk");
    await t.deps.db
      .updateTable("activations")
      .set({ last_seen_at: new Date(Date.now() - 10 * 60_000) })
      .where("id", "=", again.id)
      .execute();
    const revived = await activate(watched.key, fingerprint, "Kiosk");
    expect(revived.status).toBe(201);
    expect(revived.id).not.toBe(again.id);
    expect((await notices(again.id, "ended"))[0]?.text_body).toContain("automatically");
    expect(await notices(revived.id, "created")).toHaveLength(1);
  });

  it("are queued once per activation, change and user, and for no one who did not choose them", async () => {
    const { id } = await activate(team.key, `fp-${createId("act")}`);
    const activation = await t.deps.db
      .selectFrom("activations")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const input = { activation, change: "created", by: "software" } as const;
    expect(await enqueueActivationNotices(t.deps.db, input)).toBe(0);

    const quiet = await license({ accountId: (await signedInUser(t)).accountId });
    const made = await activate(quiet.key, `fp-${createId("act")}`);
    expect(made.status).toBe(201);
    expect(await notices(made.id, "created")).toEqual([]);
  });

  it("reach a mail server through the sender", async () => {
    const { id, status } = await activate(team.key, `fp-${createId("act")}`, "Render node");
    expect(status).toBe(201);
    const sender = startMailDeliveryJob(t.deps, { intervalMs: 3_600_000 });
    try {
      await sender.flush();
    } finally {
      await sender.stop();
    }
    const mail = await sink.waitFor(
      (m) => m.recipients.includes(owner.email) && m.subject.includes("Render node"),
    );
    expect(mail.subject).toBe("New machine activated: Render node — Keyport");
    expect(mail.text).toContain("Hello Olive Owner,");
    expect(mail.text).toContain('"Render node" was activated for your license "Team license"');
    expect(await notices(id, "created")).toHaveLength(wanted.length);
  });
});
