import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../accounts/user-service.ts";
import { createSession, validateSessionToken } from "../../auth/session-service.ts";
import { createId } from "../../core/ids.ts";
import { HOUR_MS, MINUTE_MS } from "../../core/time.ts";
import { insertAccount } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";

const PASSWORD = "correct horse battery staple";
const ORIGIN = "http://localhost:8787";
const COOKIE = "__Host-keyport-session";
const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";

async function newUser(t: TestContext, accountId?: string) {
  const account = accountId ?? (await insertAccount(t.deps.db));
  const email = `${createId("usr").slice(-10).toLowerCase()}@example.com`;
  return createUser(t.deps.db, {
    accountId: account,
    email,
    name: "Grace Hopper",
    role: "owner",
    password: PASSWORD,
  });
}

/** Signs in through the API; answers the token (from the cookie or the body) and the session id. */
async function signIn(
  t: TestContext,
  email: string,
  tokenType: "cookie" | "bearer",
  userAgent?: string,
) {
  const res = await t.publicApp.request("/v1/auth/login", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(userAgent ? { "user-agent": userAgent } : {}),
    },
    body: JSON.stringify({ email, password: PASSWORD, tokenType }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await res.json();
  const cookie = res.headers.getSetCookie()[0];
  const token =
    tokenType === "bearer" ? (body.token as string) : cookie!.split(";")[0]!.split("=")[1]!;
  return { token, sessionId: body.session.id as string, body, cookie };
}

function request(
  t: TestContext,
  method: string,
  path: string,
  credentials: { bearer?: string; cookie?: string; origin?: string },
) {
  return t.publicApp.request(path, {
    method,
    headers: {
      ...(credentials.bearer ? { authorization: `Bearer ${credentials.bearer}` } : {}),
      ...(credentials.cookie ? { cookie: `${COOKIE}=${credentials.cookie}` } : {}),
      ...(credentials.origin ? { origin: credentials.origin } : {}),
    },
  });
}

async function listIds(t: TestContext, bearer: string): Promise<string[]> {
  const res = await request(t, "GET", "/v1/me/sessions", { bearer });
  expect(res.status).toBe(200);
  return ((await res.json()).data as { id: string }[]).map((session) => session.id);
}

describe("GET /v1/me/sessions", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it("names devices in the language the page asks for", async () => {
    const user = await newUser(t);
    const current = await signIn(t, user.email, "bearer", FIREFOX_WINDOWS);
    await createSession(t.deps.db, { userId: user.id, kind: "portal", lifetimeMs: HOUR_MS });
    const res = await t.publicApp.request("/v1/me/sessions", {
      headers: { authorization: `Bearer ${current.token}`, "accept-language": "de-DE,de;q=0.9" },
    });
    expect(res.headers.get("content-language")).toBe("de");
    const devices = ((await res.json()).data as { device: string }[]).map((s) => s.device);
    // Newest first: the widget session was opened after the sign-in.
    expect(devices).toEqual(["Unbekanntes Gerät", "Firefox 121 unter Windows"]);
  });

  it("lists only live sessions, newest first, with the current one marked and the device named", async () => {
    const user = await newUser(t);
    const db = t.deps.db;
    const now = Date.now();
    const make = (kind: "cookie" | "bearer" | "portal", extra: Record<string, unknown> = {}) =>
      createSession(db, { userId: user.id, kind, lifetimeMs: 24 * HOUR_MS, ...extra });

    const chrome = await make("cookie", { userAgent: CHROME_MAC, ip: "203.0.113.7" });
    const idleCookie = await make("cookie", { now: new Date(now - 3 * HOUR_MS) });
    const expired = await make("bearer", {
      lifetimeMs: MINUTE_MS,
      now: new Date(now - 2 * MINUTE_MS),
    });
    const revoked = await make("bearer");
    await db
      .updateTable("sessions")
      .set({ revoked_at: new Date() })
      .where("id", "=", revoked.sessionId)
      .execute();
    const idlePortal = await make("portal", { now: new Date(now - 3 * HOUR_MS) });
    const scriptSession = await make("bearer");
    const other = await newUser(t);
    await createSession(db, { userId: other.id, kind: "cookie", lifetimeMs: HOUR_MS });
    const current = await signIn(t, user.email, "bearer", FIREFOX_WINDOWS);

    const res = await request(t, "GET", "/v1/me/sessions", { bearer: current.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body.nextCursor).toBeNull();
    expect(body.data.map((session: { id: string }) => session.id)).toEqual([
      current.sessionId,
      scriptSession.sessionId,
      idlePortal.sessionId,
      chrome.sessionId,
    ]);
    for (const dead of [idleCookie, expired, revoked]) {
      expect(body.data.map((session: { id: string }) => session.id)).not.toContain(dead.sessionId);
    }
    expect(body.data[0]).toEqual({
      id: current.sessionId,
      current: true,
      kind: "bearer",
      device: "Firefox 121 on Windows",
      ip: "local",
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: current.body.expiresAt,
    });
    expect(body.data[1]).toMatchObject({
      current: false,
      kind: "bearer",
      device: "Unknown device",
    });
    expect(body.data[2]).toMatchObject({ current: false, kind: "portal" });
    expect(body.data[3]).toEqual({
      id: chrome.sessionId,
      current: false,
      kind: "cookie",
      device: "Chrome 120 on macOS",
      ip: "203.0.113.7",
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: chrome.expiresAt.toISOString(),
    });
    expect(JSON.stringify(body)).not.toContain(current.token);
    expect(JSON.stringify(body)).not.toMatch(/token|hash/i);
  });

  it("pages with ?limit and a cursor", async () => {
    const user = await newUser(t);
    const current = await signIn(t, user.email, "bearer");
    for (let i = 0; i < 2; i++) {
      await createSession(t.deps.db, { userId: user.id, kind: "bearer", lifetimeMs: HOUR_MS });
    }
    const all = await listIds(t, current.token);
    expect(all).toHaveLength(3);
    const first = await (
      await request(t, "GET", "/v1/me/sessions?limit=2", { bearer: current.token })
    ).json();
    expect(first.data.map((session: { id: string }) => session.id)).toEqual(all.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (
      await request(t, "GET", `/v1/me/sessions?limit=2&cursor=${first.nextCursor}`, {
        bearer: current.token,
      })
    ).json();
    expect(second.data.map((session: { id: string }) => session.id)).toEqual(all.slice(2));
    expect(second.nextCursor).toBeNull();

    const badCursor = await request(t, "GET", "/v1/me/sessions?cursor=nonsense", {
      bearer: current.token,
    });
    expect(badCursor.status).toBe(422);
    expect((await badCursor.json()).errors[0].field).toBe("query.cursor");
    const badLimit = await request(t, "GET", "/v1/me/sessions?limit=500", {
      bearer: current.token,
    });
    expect(badLimit.status).toBe(422);
    expect((await badLimit.json()).errors[0].field).toBe("query.limit");
  });

  it("answers 401 UNAUTHENTICATED without credentials and SESSION_EXPIRED for an unknown token", async () => {
    const none = await request(t, "GET", "/v1/me/sessions", {});
    expect(none.status).toBe(401);
    expect((await none.json()).code).toBe("UNAUTHENTICATED");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const unknown = await request(t, "GET", "/v1/me/sessions", { bearer: "kps_not-a-real-token" });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).code).toBe("SESSION_EXPIRED");
  });
});

describe("DELETE /v1/me/sessions/{id}", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it("ends another of my sessions: gone from the list, its token refused, recorded", async () => {
    const user = await newUser(t);
    const laptop = await signIn(t, user.email, "bearer", CHROME_MAC);
    const phone = await signIn(t, user.email, "bearer");
    const res = await request(t, "DELETE", `/v1/me/sessions/${phone.sessionId}`, {
      bearer: laptop.token,
    });
    expect(res.status).toBe(204);
    expect(await listIds(t, laptop.token)).toEqual([laptop.sessionId]);
    const refused = await request(t, "GET", "/v1/me/sessions", { bearer: phone.token });
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe("SESSION_EXPIRED");

    const rows = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("user_id", "=", user.id)
      .where("action", "=", "session.revoked")
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({
        actor: "customer",
        account_id: user.account_id,
        subject_type: "session",
        subject_id: phone.sessionId,
        data: { current: false },
        ip: "local",
      }),
    ]);

    const again = await request(t, "DELETE", `/v1/me/sessions/${phone.sessionId}`, {
      bearer: laptop.token,
    });
    expect(again.status).toBe(404);
  });

  it("answers 404 for another user's session (which lives on), an unknown id and a malformed one", async () => {
    const me = await newUser(t);
    const colleague = await newUser(t, me.account_id);
    const mine = await signIn(t, me.email, "bearer");
    const theirs = await signIn(t, colleague.email, "bearer");
    for (const id of [theirs.sessionId, createId("ses"), "not-an-id", "x".repeat(64)]) {
      const res = await request(t, "DELETE", `/v1/me/sessions/${id}`, { bearer: mine.token });
      expect(res.status, id).toBe(404);
      expect((await res.json()).code).toBe("NOT_FOUND");
    }
    expect(await listIds(t, theirs.token)).toEqual([theirs.sessionId]);
    const revocations = await t.deps.db
      .selectFrom("activity")
      .select("id")
      .where("action", "=", "session.revoked")
      .where("user_id", "in", [me.id, colleague.id])
      .execute();
    expect(revocations).toEqual([]);
  });

  it("ends the current session too; a cookie session also gets its cookie cleared", async () => {
    const user = await newUser(t);
    const bearer = await signIn(t, user.email, "bearer");
    const res = await request(t, "DELETE", `/v1/me/sessions/${bearer.sessionId}`, {
      bearer: bearer.token,
    });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await request(t, "GET", "/v1/me/sessions", { bearer: bearer.token })).status).toBe(401);

    const cookie = await signIn(t, user.email, "cookie");
    const viaCookie = await request(t, "DELETE", `/v1/me/sessions/${cookie.sessionId}`, {
      cookie: cookie.token,
      origin: ORIGIN,
    });
    expect(viaCookie.status).toBe(204);
    expect(viaCookie.headers.getSetCookie()[0]).toMatch(/^__Host-keyport-session=; Max-Age=0/);
  });

  it("refuses a cookie DELETE from a foreign origin or without Origin (403); a bearer one needs no Origin", async () => {
    const user = await newUser(t);
    const cookie = await signIn(t, user.email, "cookie");
    const target = await signIn(t, user.email, "bearer");
    for (const origin of ["https://evil.example", undefined]) {
      const res = await request(t, "DELETE", `/v1/me/sessions/${target.sessionId}`, {
        cookie: cookie.token,
        ...(origin ? { origin } : {}),
      });
      expect(res.status, String(origin)).toBe(403);
      expect((await res.json()).code).toBe("ORIGIN_NOT_ALLOWED");
    }
    expect(await listIds(t, target.token)).toContain(target.sessionId);

    // Reading with the cookie needs no Origin: GET is safe.
    const read = await request(t, "GET", "/v1/me/sessions", { cookie: cookie.token });
    expect(read.status).toBe(200);

    const allowed = await request(t, "DELETE", `/v1/me/sessions/${target.sessionId}`, {
      cookie: cookie.token,
      origin: ORIGIN,
    });
    expect(allowed.status).toBe(204);

    const another = await signIn(t, user.email, "bearer");
    const spare = await signIn(t, user.email, "bearer");
    const withBearer = await request(t, "DELETE", `/v1/me/sessions/${spare.sessionId}`, {
      bearer: another.token,
    });
    expect(withBearer.status).toBe(204);
  });
});

describe("idle and absolute timeouts (SESSION_IDLE_MINUTES=30, SESSION_MAX_HOURS=2)", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ SESSION_IDLE_MINUTES: "30", SESSION_MAX_HOURS: "2" });
  });
  afterAll(() => t.close());

  const timeouts = () => ({ idleMs: t.deps.config.sessionIdleMs });

  it("signs in for SESSION_MAX_HOURS: the cookie and the session end then", async () => {
    const user = await newUser(t);
    const before = Date.now();
    const { cookie, body } = await signIn(t, user.email, "cookie");
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie!)![1]!);
    expect(expires - before).toBeGreaterThan(2 * HOUR_MS - 5000);
    expect(expires - before).toBeLessThan(2 * HOUR_MS + 5000);
    expect(Math.abs(Date.parse(body.session.expiresAt) - expires)).toBeLessThan(1000);
  });

  it("ends a session left unused for SESSION_IDLE_MINUTES; use keeps it alive", async () => {
    const user = await newUser(t);
    const { token } = await signIn(t, user.email, "bearer");
    const start = Date.now();
    const at = (minutes: number) => new Date(start + minutes * MINUTE_MS);
    expect(await validateSessionToken(t.deps.db, token, timeouts(), at(29))).not.toBeNull();
    // Used at 29 minutes: idle time counts from there.
    expect(await validateSessionToken(t.deps.db, token, timeouts(), at(58))).not.toBeNull();
    expect(await validateSessionToken(t.deps.db, token, timeouts(), at(88.5))).toBeNull();
  });

  it("ends a busy session at its absolute end", async () => {
    const user = await newUser(t);
    const { token } = await signIn(t, user.email, "cookie");
    const start = Date.now();
    for (const minutes of [25, 50, 75, 100, 119]) {
      const session = await validateSessionToken(
        t.deps.db,
        token,
        timeouts(),
        new Date(start + minutes * MINUTE_MS),
      );
      expect(session, `${minutes} min`).not.toBeNull();
    }
    expect(
      await validateSessionToken(t.deps.db, token, timeouts(), new Date(start + 121 * MINUTE_MS)),
    ).toBeNull();
  });

  it("answers 401 SESSION_EXPIRED over HTTP for an idle session, clears its cookie and leaves it out of lists", async () => {
    const user = await newUser(t);
    const idle = await signIn(t, user.email, "cookie");
    const active = await signIn(t, user.email, "bearer");
    await t.deps.db
      .updateTable("sessions")
      .set({ last_used_at: new Date(Date.now() - 31 * MINUTE_MS) })
      .where("id", "=", idle.sessionId)
      .execute();
    const res = await request(t, "GET", "/v1/me/sessions", { cookie: idle.token });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("SESSION_EXPIRED");
    expect(res.headers.getSetCookie()[0]).toMatch(/^__Host-keyport-session=; Max-Age=0/);
    expect(await listIds(t, active.token)).toEqual([active.sessionId]);
  });
});
