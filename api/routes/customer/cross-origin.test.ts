import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../accounts/user-service.ts";
import { createId } from "../../core/ids.ts";
import { insertAccount } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";

const PASSWORD = "correct horse battery staple";
const SHOP = "https://shop.example.com";
const COOKIE = "__Host-keyport-session";

async function newUser(t: TestContext) {
  const accountId = await insertAccount(t.deps.db);
  const email = `${createId("usr").slice(-10).toLowerCase()}@example.com`;
  return createUser(t.deps.db, {
    accountId,
    email,
    name: "Ada",
    role: "owner",
    password: PASSWORD,
  });
}

function preflight(t: TestContext, path: string, origin: string, method = "POST") {
  return t.publicApp.request(path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "content-type, authorization",
    },
  });
}

async function signIn(t: TestContext, email: string, tokenType: "cookie" | "bearer") {
  const res = await t.publicApp.request("/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, tokenType }),
  });
  expect(res.status).toBe(200);
  if (tokenType === "bearer") return (await res.json()).token as string;
  return res.headers.getSetCookie()[0]!.split(";")[0]!.split("=")[1]!;
}

function varyOf(res: Response): string[] {
  return (res.headers.get("vary") ?? "").split(",").map((part) => part.trim().toLowerCase());
}

describe("CORS with no configured origins", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it("grants an unknown origin nothing, neither on preflight nor on the request itself", async () => {
    const user = await newUser(t);
    const token = await signIn(t, user.email, "bearer");
    const pre = await preflight(t, "/v1/auth/login", "https://evil.example");
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(varyOf(pre)).toContain("origin");

    const res = await t.publicApp.request("/v1/me/sessions", {
      headers: { origin: "https://evil.example", authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(varyOf(res)).toContain("origin");
  });

  it("allows the portal's own origin (PUBLIC_URL)", async () => {
    const pre = await preflight(t, "/v1/auth/login", "http://localhost:8787");
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://localhost:8787");
  });
});

describe("CORS with ALLOWED_ORIGINS=https://shop.example.com", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ ALLOWED_ORIGINS: SHOP });
  });
  afterAll(() => t.close());

  it("grants exactly the allowed origin, with credentials and Vary: Origin, on preflight and request", async () => {
    const user = await newUser(t);
    const token = await signIn(t, user.email, "bearer");

    const pre = await preflight(t, "/v1/me/sessions", SHOP, "DELETE");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
    expect(pre.headers.get("access-control-allow-methods")).toContain("DELETE");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/content-type/);
    expect(varyOf(pre)).toContain("origin");

    const res = await t.publicApp.request("/v1/me/sessions", {
      headers: { origin: SHOP, authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(varyOf(res)).toContain("origin");

    // Error answers carry the grant too, so the widget can read the problem (and its code).
    const expired = await t.publicApp.request("/v1/me/sessions", {
      headers: { origin: SHOP, authorization: "Bearer kps_gone" },
    });
    expect(expired.status).toBe(401);
    expect(expired.headers.get("access-control-allow-origin")).toBe(SHOP);
  });

  it("never reflects a look-alike, a null or an unknown origin, and never answers *", async () => {
    const user = await newUser(t);
    const token = await signIn(t, user.email, "bearer");
    for (const origin of [
      "https://shop.example.com.evil.example",
      "http://shop.example.com",
      "https://shop.example.com:8443",
      "https://evil-shop.example.com",
      "null",
      "https://evil.example",
    ]) {
      const pre = await preflight(t, "/v1/auth/login", origin);
      expect(pre.headers.get("access-control-allow-origin"), origin).toBeNull();
      const res = await t.publicApp.request("/v1/me/sessions", {
        headers: { origin, authorization: `Bearer ${token}` },
      });
      expect(res.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("refuses a cookie-authenticated POST from a foreign origin or without one (403), while a bearer one works", async () => {
    const user = await newUser(t);
    const cookie = await signIn(t, user.email, "cookie");
    for (const origin of ["https://evil.example", undefined]) {
      const res = await t.publicApp.request("/v1/auth/logout", {
        method: "POST",
        headers: { cookie: `${COOKIE}=${cookie}`, ...(origin ? { origin } : {}) },
      });
      expect(res.status, String(origin)).toBe(403);
      expect((await res.json()).code).toBe("ORIGIN_NOT_ALLOWED");
    }
    const bearer = await signIn(t, user.email, "bearer");
    const withBearer = await t.publicApp.request("/v1/auth/logout", {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, origin: "https://evil.example" },
    });
    expect(withBearer.status).toBe(204);

    // The allowed vendor origin may use the cookie.
    const fromShop = await t.publicApp.request("/v1/auth/logout", {
      method: "POST",
      headers: { cookie: `${COOKIE}=${cookie}`, origin: SHOP },
    });
    expect(fromShop.status).toBe(204);
  });

  it("lets the allowed origin sign in with a cookie, and refuses others", async () => {
    const user = await newUser(t);
    for (const [origin, status] of [
      [SHOP, 200],
      ["https://evil.example", 403],
    ] as const) {
      const res = await t.publicApp.request("/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      });
      expect(res.status, origin).toBe(status);
    }
  });
});
