import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getNotificationPreferences } from "../../accounts/notification-preferences.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

let t: TestContext;
let ada: SignedInUser;
let bob: SignedInUser;
beforeAll(async () => {
  t = await createTestContext();
  ada = await signedInUser(t);
  bob = await signedInUser(t, { accountId: ada.accountId, role: "member" });
});
afterAll(() => t.close());

const DEFAULTS = {
  licenseExpiring: true,
  licenseExpiringDays: 30,
  newRelease: true,
  activationChanges: false,
  securityNotices: true,
};

const CHOSEN = {
  licenseExpiring: false,
  licenseExpiringDays: 7,
  newRelease: false,
  activationChanges: true,
  securityNotices: false,
};

describe("Customer API: GET/PUT /v1/me/notifications", () => {
  it("answers the defaults for a user who never chose, storing nothing", async () => {
    const res = await ada.call("GET", "/v1/me/notifications");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(DEFAULTS);
    const rows = await t.deps.db.selectFrom("notification_preferences").selectAll().execute();
    expect(rows).toHaveLength(0);
  });

  it("stores the user's choices, answers them, and changes them again", async () => {
    const res = await ada.call("PUT", "/v1/me/notifications", CHOSEN);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(CHOSEN);
    expect(await (await ada.call("GET", "/v1/me/notifications")).json()).toEqual(CHOSEN);
    expect(await getNotificationPreferences(t.deps.db, ada.userId)).toEqual(CHOSEN);

    const changed = { ...CHOSEN, licenseExpiringDays: 90, securityNotices: true };
    const again = await ada.call("PUT", "/v1/me/notifications", changed);
    expect(await again.json()).toEqual(changed);
    expect(await (await ada.call("GET", "/v1/me/notifications")).json()).toEqual(changed);
    const rows = await t.deps.db
      .selectFrom("notification_preferences")
      .selectAll()
      .where("user_id", "=", ada.userId)
      .execute();
    expect(rows).toHaveLength(1);

    const entries = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("user_id", "=", ada.userId)
      .where("action", "=", "notifications.updated")
      .execute();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor: "customer", account_id: ada.accountId });
  });

  it("keeps each user's choices apart", async () => {
    expect(await (await bob.call("GET", "/v1/me/notifications")).json()).toEqual(DEFAULTS);
    await bob.call("PUT", "/v1/me/notifications", { ...DEFAULTS, licenseExpiringDays: 1 });
    expect((await (await bob.call("GET", "/v1/me/notifications")).json()).licenseExpiringDays).toBe(
      1,
    );
    expect((await (await ada.call("GET", "/v1/me/notifications")).json()).licenseExpiringDays).toBe(
      90,
    );
  });

  it("refuses bad values, naming the field, and stores nothing", async () => {
    const before = await (await ada.call("GET", "/v1/me/notifications")).json();
    const { newRelease: _, ...withoutNewRelease } = CHOSEN;
    const cases: [unknown, string[]][] = [
      [{ ...CHOSEN, licenseExpiringDays: 0 }, ["body.licenseExpiringDays"]],
      [{ ...CHOSEN, licenseExpiringDays: 91 }, ["body.licenseExpiringDays"]],
      [{ ...CHOSEN, licenseExpiringDays: 1.5 }, ["body.licenseExpiringDays"]],
      [{ ...CHOSEN, licenseExpiringDays: "30" }, ["body.licenseExpiringDays"]],
      [{ ...CHOSEN, securityNotices: "yes" }, ["body.securityNotices"]],
      [{ ...CHOSEN, activationChanges: null }, ["body.activationChanges"]],
      [withoutNewRelease, ["body.newRelease"]],
      [{ ...CHOSEN, weeklyDigest: true }, ["body.weeklyDigest"]],
    ];
    for (const [body, fields] of cases) {
      const res = await ada.call("PUT", "/v1/me/notifications", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    }
    const text = await ada.call("PUT", "/v1/me/notifications", undefined, {
      "content-type": "text/plain",
    });
    expect(text.status).toBe(415);
    const malformed = await t.publicApp.request("/v1/me/notifications", {
      method: "PUT",
      headers: { authorization: `Bearer ${ada.token}`, "content-type": "application/json" },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    expect(await (await ada.call("GET", "/v1/me/notifications")).json()).toEqual(before);
  });

  it("needs a session", async () => {
    expect((await t.publicApp.request("/v1/me/notifications")).status).toBe(401);
    const put = await t.publicApp.request("/v1/me/notifications", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DEFAULTS),
    });
    expect(put.status).toBe(401);
  });
});
