import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSessionToken } from "../../../auth/session-service.ts";
import { createId } from "../../../core/ids.ts";
import { hashSecretToken } from "../../../core/secret-token.ts";
import { MINUTE_MS } from "../../../core/time.ts";
import { insertAccount, insertUser } from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
let accountId: string;
beforeAll(async () => {
  // A configured default lifetime, to show the route follows PORTAL_SESSION_MINUTES.
  t = await createTestContext({ PORTAL_SESSION_MINUTES: "20" });
  accountId = await insertAccount(t.deps.db, "Embedded Widgets");
});
afterAll(() => t.close());

async function sessionCount(): Promise<number> {
  const row = await t.deps.db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function customerGet(token: string) {
  return t.publicApp.request("/v1/me/sessions", { headers: { authorization: `Bearer ${token}` } });
}

describe("POST /vendor/v1/portal-sessions", () => {
  it("opens a short-lived portal session that works as a bearer token on the Customer API", async () => {
    const userId = await insertUser(t.deps.db, accountId, "member", "widget-user@example.com");
    const before = Date.now();
    const res = await t.vendor("POST", "/vendor/v1/portal-sessions", { userId });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toEqual({
      token: expect.stringMatching(/^kps_[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      allowSecurityChanges: false,
      user: { id: userId, email: "widget-user@example.com", accountId, role: "member" },
    });
    const lifetime = Date.parse(body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(20 * MINUTE_MS - 5000);
    expect(lifetime).toBeLessThan(20 * MINUTE_MS + 5000);

    const me = await customerGet(body.token);
    expect(me.status).toBe(200);
    expect((await me.json()).data).toEqual([
      expect.objectContaining({ current: true, kind: "portal", expiresAt: body.expiresAt }),
    ]);
    // An unsafe request with it needs no Origin: the browser never sends a bearer token by itself.
    const logout = await t.publicApp.request("/v1/auth/logout", {
      method: "POST",
      headers: { authorization: `Bearer ${body.token}`, origin: "https://shop.example.com" },
    });
    expect(logout.status).toBe(204);
    expect((await customerGet(body.token)).status).toBe(401);
  });

  it("stops working after expiresAt, but has no idle limit before it", async () => {
    const userId = await insertUser(t.deps.db, accountId);
    const res = await t.vendor("POST", "/vendor/v1/portal-sessions", { userId, ttlMinutes: 60 });
    const { token, expiresAt } = await res.json();
    const end = Date.parse(expiresAt);
    expect(end - Date.now()).toBeGreaterThan(59 * MINUTE_MS);
    const idleMs = t.deps.config.sessionIdleMs;
    const shortIdle = { idleMs: 5 * MINUTE_MS };
    // Unused for 50 minutes, far beyond an idle limit: a portal session still lives.
    expect(
      await validateSessionToken(t.deps.db, token, shortIdle, new Date(end - 10 * MINUTE_MS)),
    ).toMatchObject({ userId, kind: "portal" });
    expect(await validateSessionToken(t.deps.db, token, { idleMs }, new Date(end + 1))).toBeNull();

    // Over HTTP: once its end has passed, 401 SESSION_EXPIRED tells the widget to fetch a new token.
    await t.deps.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("token_hash", "=", hashSecretToken(token))
      .execute();
    const expired = await customerGet(token);
    expect(expired.status).toBe(401);
    expect((await expired.json()).code).toBe("SESSION_EXPIRED");
  });

  it("accepts ttlMinutes from 1 to 1440", async () => {
    const userId = await insertUser(t.deps.db, accountId);
    for (const ttlMinutes of [1, 1440]) {
      const before = Date.now();
      const res = await t.vendor("POST", "/vendor/v1/portal-sessions", { userId, ttlMinutes });
      expect(res.status).toBe(201);
      const lifetime = Date.parse((await res.json()).expiresAt) - before;
      expect(Math.abs(lifetime - ttlMinutes * MINUTE_MS)).toBeLessThan(5000);
    }
  });

  it("is not a vendor credential", async () => {
    const userId = await insertUser(t.deps.db, accountId);
    const { token } = await (
      await t.vendor("POST", "/vendor/v1/portal-sessions", { userId })
    ).json();
    const res = await t.vendorApp.request("/vendor/v1/products", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
  });

  it("needs the vendor key", async () => {
    const userId = await insertUser(t.deps.db, accountId);
    const count = await sessionCount();
    const res = await t.vendorApp.request("/vendor/v1/portal-sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId }),
    });
    expect(res.status).toBe(401);
    expect(await sessionCount()).toBe(count);
    // The public listener has no such route at all.
    const publicRes = await t.publicApp.request("/vendor/v1/portal-sessions", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t.vendorKey}` },
      body: JSON.stringify({ userId }),
    });
    expect(publicRes.status).toBe(404);
  });

  it("answers 422 naming the field for bad input and an unknown user, and writes nothing", async () => {
    const userId = await insertUser(t.deps.db, accountId);
    const cases: [unknown, string, string][] = [
      [{}, "body.userId", "VALIDATION_FAILED"],
      [{ userId: 42 }, "body.userId", "VALIDATION_FAILED"],
      [{ userId: "x".repeat(65) }, "body.userId", "VALIDATION_FAILED"],
      [{ userId, ttlMinutes: 0 }, "body.ttlMinutes", "VALIDATION_FAILED"],
      [{ userId, ttlMinutes: 1441 }, "body.ttlMinutes", "VALIDATION_FAILED"],
      [{ userId, ttlMinutes: 1.5 }, "body.ttlMinutes", "VALIDATION_FAILED"],
      [{ userId, ttlMinutes: "10" }, "body.ttlMinutes", "VALIDATION_FAILED"],
      [{ userId, kind: "cookie" }, "body.kind", "VALIDATION_FAILED"],
      [{ userId, allowSecurityChanges: "yes" }, "body.allowSecurityChanges", "VALIDATION_FAILED"],
      [{ userId: createId("usr") }, "body.userId", "UNKNOWN_REFERENCE"],
      [{ userId: "not-an-id" }, "body.userId", "UNKNOWN_REFERENCE"],
    ];
    const count = await sessionCount();
    for (const [body, field, code] of cases) {
      const res = await t.vendor("POST", "/vendor/v1/portal-sessions", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      expect(problem.code, JSON.stringify(body)).toBe(code);
      expect(problem.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const text = await t.vendorApp.request("/vendor/v1/portal-sessions", {
      method: "POST",
      headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "text/plain" },
      body: JSON.stringify({ userId }),
    });
    expect(text.status).toBe(415);
    expect(await sessionCount()).toBe(count);
  });

  it("is described in the Vendor API's OpenAPI document", async () => {
    const doc = await (await t.vendorApp.request("/vendor/openapi.json")).json();
    const operation = doc.paths["/vendor/v1/portal-sessions"]?.post;
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["201", "401", "422"]));
  });
});
