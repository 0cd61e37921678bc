// Signing in on the address the start banner prints (http://127.0.0.1:PORT) while PUBLIC_URL
// says localhost, in the style of routes/customer/cross-origin.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../accounts/user-service.ts";
import { createId } from "../core/ids.ts";
import { insertAccount } from "../test/fixtures.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";

const PASSWORD = "correct horse battery staple";

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

function cookieSignIn(t: TestContext, email: string, origin: string) {
  return t.publicApp.request("/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
}

function preflight(t: TestContext, origin: string) {
  return t.publicApp.request("/v1/auth/login", {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST" },
  });
}

describe("loopback PUBLIC_URL (the default http://localhost:8787)", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ PORT: "8787" });
  });
  afterAll(() => t.close());

  it("accepts a cookie sign-in from every loopback spelling of the same port", async () => {
    const user = await newUser(t);
    for (const origin of ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787"]) {
      const res = await cookieSignIn(t, user.email, origin);
      expect(res.status, origin).toBe(200);
      expect(res.headers.getSetCookie()[0]).toMatch(/^__Host-keyport-session=/);
      expect((await preflight(t, origin)).headers.get("access-control-allow-origin")).toBe(origin);
    }
  });

  it("lets the cookie's writes through from 127.0.0.1, which the banner prints", async () => {
    const user = await newUser(t);
    const signIn = await cookieSignIn(t, user.email, "http://127.0.0.1:8787");
    const cookie = signIn.headers.getSetCookie()[0]!.split(";")[0]!;
    const logout = await t.publicApp.request("/v1/auth/logout", {
      method: "POST",
      headers: { cookie, origin: "http://127.0.0.1:8787" },
    });
    expect(logout.status).toBe(204);
  });

  it("still refuses another port, another scheme and any other host", async () => {
    const user = await newUser(t);
    for (const origin of [
      "http://127.0.0.1:8788",
      "https://127.0.0.1:8787",
      "http://127.0.0.2:8787",
      "http://localhost.evil.example:8787",
      "https://evil.example",
    ]) {
      const res = await cookieSignIn(t, user.email, origin);
      expect(res.status, origin).toBe(403);
      expect((await res.json()).code).toBe("ORIGIN_NOT_ALLOWED");
      expect((await preflight(t, origin)).headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});

describe("a public PUBLIC_URL", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ PUBLIC_URL: "https://licensing.example.com" });
  });
  afterAll(() => t.close());

  it("allows exactly its own origin, and no loopback spelling", async () => {
    const user = await newUser(t);
    expect((await cookieSignIn(t, user.email, "https://licensing.example.com")).status).toBe(200);
    for (const origin of ["http://localhost:8787", "http://127.0.0.1:8787"]) {
      const res = await cookieSignIn(t, user.email, origin);
      expect(res.status, origin).toBe(403);
      expect((await res.json()).code).toBe("ORIGIN_NOT_ALLOWED");
    }
  });
});
