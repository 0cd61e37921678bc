import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

let t: TestContext;
let ada: SignedInUser;
let bob: SignedInUser;
beforeAll(async () => {
  t = await createTestContext();
  ada = await signedInUser(t, { name: "Ada Lovelace", email: "ada@example.com" });
  bob = await signedInUser(t, { name: "Bob Builder", role: "member", accountId: ada.accountId });
});
afterAll(() => t.close());

async function activity(userId: string, action: string) {
  return t.deps.db
    .selectFrom("activity")
    .selectAll()
    .where("user_id", "=", userId)
    .where("action", "=", action)
    .execute();
}

describe("Customer API: GET/PATCH /v1/me", () => {
  it("answers the signed-in user and their account", async () => {
    const res = await ada.call("GET", "/v1/me");
    expect(res.status).toBe(200);
    const me = await res.json();
    expect(me).toEqual({
      id: ada.userId,
      email: "ada@example.com",
      name: "Ada Lovelace",
      role: "owner",
      timezone: "UTC",
      locale: "en",
      twoFactorEnabled: false,
      account: { id: ada.accountId, name: "Test Account", kind: "organization" },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    // Each session sees its own user only.
    const other = await (await bob.call("GET", "/v1/me")).json();
    expect(other).toMatchObject({ id: bob.userId, name: "Bob Builder", role: "member" });
  });

  it("changes name, time zone and language, records it, and leaves other users alone", async () => {
    const res = await ada.call("PATCH", "/v1/me", {
      name: "  Ada King ",
      timezone: "Europe/Berlin",
      locale: "de",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: ada.userId,
      name: "Ada King",
      timezone: "Europe/Berlin",
      locale: "de",
    });
    expect(await (await ada.call("GET", "/v1/me")).json()).toMatchObject({
      name: "Ada King",
      timezone: "Europe/Berlin",
      locale: "de",
    });
    expect(await (await bob.call("GET", "/v1/me")).json()).toMatchObject({
      name: "Bob Builder",
      timezone: "UTC",
      locale: "en",
    });
    const [entry] = await activity(ada.userId, "profile.updated");
    expect(entry).toMatchObject({
      account_id: ada.accountId,
      actor: "customer",
      subject_type: "user",
      subject_id: ada.userId,
      ip: "local",
      data: { fields: ["name", "timezone", "locale"] },
    });

    const partial = await ada.call("PATCH", "/v1/me", { timezone: "America/Port-au-Prince" });
    expect(await partial.json()).toMatchObject({
      name: "Ada King",
      timezone: "America/Port-au-Prince",
      locale: "de",
    });
  });

  it("refuses an unknown time zone, an unsupported locale and an over-long name, changing nothing", async () => {
    const before = await (await ada.call("GET", "/v1/me")).json();
    const cases: [Record<string, unknown>, string][] = [
      [{ timezone: "Mars/Olympus" }, "body.timezone"],
      [{ timezone: "europe/berlin" }, "body.timezone"],
      [{ timezone: 1 }, "body.timezone"],
      [{ locale: "fr" }, "body.locale"],
      [{ name: "x".repeat(201) }, "body.name"],
      [{ name: "   " }, "body.name"],
      [{ name: null }, "body.name"],
      [{ email: "new@example.com" }, "body.email"],
      [{ role: "owner" }, "body.role"],
    ];
    for (const [body, field] of cases) {
      // A good field next to the bad one must not be applied either.
      const res = await ada.call("PATCH", "/v1/me", {
        ...body,
        ...(field === "body.name" ? {} : { name: "Changed" }),
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect(await (await ada.call("GET", "/v1/me")).json()).toEqual(before);
  });

  it("answers 415 for a body that is not JSON and 400 for malformed JSON", async () => {
    const before = await (await ada.call("GET", "/v1/me")).json();
    const text = await ada.call("PATCH", "/v1/me", undefined, {
      "content-type": "text/plain",
    });
    expect(text.status).toBe(415);
    const form = await t.publicApp.request("/v1/me", {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${ada.token}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "name=Mallory",
    });
    expect(form.status).toBe(415);
    expect(form.headers.get("content-type")).toContain("application/problem+json");
    expect((await form.json()).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const malformed = await t.publicApp.request("/v1/me", {
      method: "PATCH",
      headers: { authorization: `Bearer ${ada.token}`, "content-type": "application/json" },
      body: '{"name": "Mallory"',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe("MALFORMED_JSON");
    const array = await ada.call("PATCH", "/v1/me", ["name"]);
    expect(array.status).toBe(422);
    expect(await (await ada.call("GET", "/v1/me")).json()).toEqual(before);
  });

  it("needs a session, and a cookie write needs an allowed Origin", async () => {
    expect((await t.publicApp.request("/v1/me")).status).toBe(401);
    const expired = await t.publicApp.request("/v1/me", {
      headers: { authorization: "Bearer kps_not-a-session" },
    });
    expect(expired.status).toBe(401);
    expect((await expired.json()).code).toBe("SESSION_EXPIRED");

    const cookie = `__Host-keyport-session=${bob.token}`;
    const origin = new URL(t.deps.config.publicUrl).origin;
    const body = JSON.stringify({ name: "Bob Cookie" });
    const foreign = await t.publicApp.request("/v1/me", {
      method: "PATCH",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body,
    });
    expect(foreign.status).toBe(403);
    const ok = await t.publicApp.request("/v1/me", {
      method: "PATCH",
      headers: { cookie, origin, "content-type": "application/json" },
      body,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: bob.userId, name: "Bob Cookie" });
  });

  it("is described in the OpenAPI document, as are the other Profile and Settings routes", async () => {
    const doc = await (await t.publicApp.request("/openapi.json")).json();
    expect(Object.keys(doc.paths["/v1/me"])).toEqual(expect.arrayContaining(["get", "patch"]));
    expect(doc.paths["/v1/me/password"]).toHaveProperty("post");
    expect(doc.paths["/v1/me/email"]).toHaveProperty("post");
    expect(doc.paths["/v1/me/email/confirm"]).toHaveProperty("post");
    expect(Object.keys(doc.paths["/v1/me/totp"])).toEqual(
      expect.arrayContaining(["post", "delete"]),
    );
    expect(doc.paths["/v1/me/totp/enable"]).toHaveProperty("post");
    expect(Object.keys(doc.paths["/v1/me/notifications"])).toEqual(
      expect.arrayContaining(["get", "put"]),
    );
    expect(doc.components.schemas).toHaveProperty("Me");
    expect(doc.components.schemas).toHaveProperty("NotificationPreferences");
  });
});
