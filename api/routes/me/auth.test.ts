import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../accounts/user-service.ts";
import { createId } from "../../core/ids.ts";
import { hashSecretToken } from "../../core/secret-token.ts";
import { replaceRecoveryCodes } from "../../credentials/totp-service.ts";
import { insertAccount } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";

const PASSWORD = "correct horse battery staple";
const ORIGIN = "http://localhost:8787";
const COOKIE = "__Host-keyport-session";

let t: TestContext;
let accountId: string;
beforeAll(async () => {
  t = await createTestContext();
  accountId = await insertAccount(t.deps.db, "Sign-in Test");
});
afterAll(() => t.close());

let ipCounter = 0;
/** A client address of its own for each test, so per-address throttling stays out of the way. */
const freshIp = () => `198.51.100.${++ipCounter}`;

async function newUser({ withPassword = true } = {}) {
  const email = `${createId("usr").slice(-10).toLowerCase()}@example.com`;
  return createUser(t.deps.db, {
    accountId,
    email,
    name: "Ada Lovelace",
    role: "admin",
    ...(withPassword ? { password: PASSWORD } : {}),
  });
}

interface PostOptions {
  readonly ip?: string;
  readonly headers?: Record<string, string>;
}

/** A POST to the public app as if from the socket address `ip`. */
function post(path: string, body: unknown, { ip = "local", headers = {} }: PostOptions = {}) {
  return t.publicApp.request(
    path,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    },
    { incoming: { socket: { remoteAddress: ip } } },
  );
}

const login = (body: Record<string, unknown>, options?: PostOptions) =>
  post("/v1/auth/login", body, options);

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as {
    code: string;
    detail: string;
    retryAfter?: number;
    requestId: string;
    errors?: { field: string; message: string }[];
  };
}

/** The session cookie the answer sets, or null. */
function sessionCookieOf(res: Response): string | null {
  const header = res.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
  return header ? decodeURIComponent(header.slice(COOKIE.length + 1).split(";")[0]!) : null;
}

function callMe(token: string, via: "cookie" | "bearer", method = "GET", origin?: string) {
  return t.publicApp.request("/v1/me/sessions", {
    method,
    headers:
      via === "bearer"
        ? { authorization: `Bearer ${token}` }
        : { cookie: `${COOKIE}=${token}`, ...(origin ? { origin } : {}) },
  });
}

async function countRows(table: "sessions" | "throttle_counters" | "activity") {
  const row = await t.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function activityOf(userId: string, action: string) {
  return t.deps.db
    .selectFrom("activity")
    .selectAll()
    .where("user_id", "=", userId)
    .where("action", "=", action)
    .orderBy("id")
    .execute();
}

describe("POST /v1/auth/login: cookie sign-in", () => {
  it("starts a session, sets the cookie exactly as specified and returns no token", async () => {
    const user = await newUser();
    const before = Date.now();
    const res = await login(
      { email: user.email, password: PASSWORD },
      { headers: { origin: ORIGIN, "user-agent": "Mozilla/5.0 (Macintosh) Chrome/120.0.0.0" } },
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toEqual({
      user: { id: user.id, email: user.email, name: user.name, role: "admin", accountId },
      session: { id: expect.stringMatching(/^ses_/), expiresAt: expect.any(String) },
    });
    expect(body.token).toBeUndefined();

    // The session cookie; the known-device cookie beside it is known-device.test.ts's subject.
    const lines = res.headers.getSetCookie().filter((line) => line.startsWith(`${COOKIE}=`));
    expect(lines).toHaveLength(1);
    const match =
      /^__Host-keyport-session=(kps_[A-Za-z0-9_-]{43}); Path=\/; Expires=([^;]+); HttpOnly; Secure; SameSite=Lax$/.exec(
        lines[0]!,
      );
    expect(match, lines[0]).not.toBeNull();
    expect(lines[0]).not.toMatch(/domain=/i);
    const expires = new Date(match![2]!);
    // Expires carries whole seconds; it is the session's absolute end (SESSION_MAX_HOURS, default 168).
    expect(Math.abs(expires.getTime() - Date.parse(body.session.expiresAt))).toBeLessThan(1000);
    expect(expires.getTime() - before).toBeGreaterThan(168 * 3_600_000 - 5000);
    expect(expires.getTime() - before).toBeLessThan(168 * 3_600_000 + 5000);

    const me = await callMe(match![1]!, "cookie");
    expect(me.status).toBe(200);
    const sessions = (await me.json()).data;
    expect(sessions).toEqual([
      expect.objectContaining({ id: body.session.id, current: true, kind: "cookie" }),
    ]);
  });

  it("accepts the address in any letter case and with spaces around it", async () => {
    const user = await newUser();
    const res = await login({ email: `  ${user.email.toUpperCase()} `, password: PASSWORD });
    expect(res.status).toBe(200);
  });

  it("refuses a cookie sign-in from a foreign origin, and starts nothing", async () => {
    const user = await newUser();
    const sessions = await countRows("sessions");
    const res = await login(
      { email: user.email, password: PASSWORD },
      { headers: { origin: "https://evil.example" } },
    );
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe("ORIGIN_NOT_ALLOWED");
    expect(sessionCookieOf(res)).toBeNull();
    expect(await countRows("sessions")).toBe(sessions);
  });

  it("starts a new session at every sign-in", async () => {
    const user = await newUser();
    const first = await login({ email: user.email, password: PASSWORD });
    const second = await login({ email: user.email, password: PASSWORD });
    const [a, b] = [sessionCookieOf(first), sessionCookieOf(second)];
    expect(a).toMatch(/^kps_/);
    expect(b).toMatch(/^kps_/);
    expect(a).not.toBe(b);
    expect((await first.json()).session.id).not.toBe((await second.json()).session.id);
  });
});

describe("POST /v1/auth/login: bearer sign-in", () => {
  it("returns the token and its end in the body, and sets no cookie", async () => {
    const user = await newUser();
    const res = await login({ email: user.email, password: PASSWORD, tokenType: "bearer" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      user: { id: user.id, email: user.email, name: user.name, role: "admin", accountId },
      session: { id: expect.stringMatching(/^ses_/), expiresAt: body.expiresAt },
      token: expect.stringMatching(/^kps_[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    expect(res.headers.getSetCookie()).toEqual([]);
    const me = await callMe(body.token, "bearer");
    expect(me.status).toBe(200);
    expect((await me.json()).data[0]).toMatchObject({ current: true, kind: "bearer" });
  });

  it("works from any origin: a bearer token is not sent by the browser on its own", async () => {
    const user = await newUser();
    const res = await login(
      { email: user.email, password: PASSWORD, tokenType: "bearer" },
      { headers: { origin: "https://widget-host.example" } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("unknown email and wrong password look the same", () => {
  const strip = ({ requestId: _, ...rest }: { requestId: string }) => rest;

  it("answers the same status and body (but for the request id), also for a user without a password", async () => {
    const ip = freshIp();
    const user = await newUser();
    const invited = await newUser({ withPassword: false });
    const answers = [
      await login({ email: user.email, password: "wrong password here" }, { ip }),
      await login({ email: `nobody-${createId("usr")}@example.com`, password: PASSWORD }, { ip }),
      await login({ email: invited.email, password: PASSWORD }, { ip }),
    ];
    const bodies = [];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.headers.getSetCookie()).toEqual([]);
      bodies.push(strip(await problemOf(res)));
    }
    expect(bodies[0]).toEqual({
      type: "about:blank",
      title: "Unauthorized",
      status: 401,
      code: "INVALID_CREDENTIALS",
      detail: "The email address or the password is not right.",
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    // The headers say nothing more either.
    const headerNames = (res: Response) =>
      [...res.headers.keys()].filter((name) => name !== "x-request-id");
    expect(headerNames(answers[1]!)).toEqual(headerNames(answers[0]!));
  });

  it("takes about as long for an unknown email as for a wrong password", async () => {
    const ip = freshIp();
    const user = await newUser();
    const unknown = `nobody-${createId("usr")}@example.com`;
    const samples = {
      wrong: { ms: [] as number[], cpu: [] as number[] },
      unknown: { ms: [] as number[], cpu: [] as number[] },
    };
    const timed = async (email: string, into?: { ms: number[]; cpu: number[] }) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const res = await login({ email, password: "not the password at all" }, { ip });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      into?.ms.push(ms);
      into?.cpu.push((used.user + used.system) / 1000);
      expect(res.status).toBe(401);
    };
    // Warm up (the stand-in hash is made once), then alternate, so drift hits both alike.
    await timed(unknown);
    for (let i = 0; i < 9; i++) {
      await timed(user.email, samples.wrong);
      await timed(unknown, samples.unknown);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const ratio = (of: "ms" | "cpu") => median(samples.wrong[of]) / median(samples.unknown[of]);
    const report = JSON.stringify(samples);
    // Wall-clock time, as an attacker sees it: same range.
    expect(ratio("ms"), report).toBeLessThan(3);
    expect(ratio("ms"), report).toBeGreaterThan(1 / 3);
    // CPU time (argon2's threads included) hardly depends on what else the machine is doing,
    // so it tells sharply whether both paths do the same password work.
    expect(ratio("cpu"), report).toBeLessThan(2.5);
    expect(ratio("cpu"), report).toBeGreaterThan(1 / 2.5);
  });
});

describe("throttling", () => {
  it("answers the 11th fast failed sign-in for an account with 429 and Retry-After; the 10th is still 401", async () => {
    const ip = freshIp();
    const user = await newUser();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const res = await login({ email: user.email, password: `wrong guess ${attempt}` }, { ip });
      expect(res.status, `attempt ${attempt}`).toBe(401);
    }
    const eleventh = await login({ email: user.email, password: "wrong guess 11" }, { ip });
    expect(eleventh.status).toBe(429);
    const retryAfter = Number(eleventh.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(25);
    expect(retryAfter).toBeLessThanOrEqual(30);
    const problem = await problemOf(eleventh);
    expect(problem.code).toBe("RATE_LIMITED");
    expect(problem.retryAfter).toBe(retryAfter);

    // While blocked, even the right password is refused: the password is not even checked.
    const right = await login({ email: user.email, password: PASSWORD }, { ip });
    expect(right.status).toBe(429);

    // Another account from the same address signs in.
    const other = await newUser();
    const otherRes = await login({ email: other.email, password: PASSWORD }, { ip });
    expect(otherRes.status).toBe(200);

    // Once the block has passed, the right password works and forgets the failures.
    const key = `login:account:${user.email}`;
    await t.deps.db
      .updateTable("throttle_counters")
      .set({ blocked_until: new Date(Date.now() - 1000) })
      .where("key", "=", key)
      .execute();
    const later = await login({ email: user.email, password: PASSWORD }, { ip });
    expect(later.status).toBe(200);
    const counter = await t.deps.db
      .selectFrom("throttle_counters")
      .selectAll()
      .where("key", "=", key)
      .executeTakeFirst();
    expect(counter).toBeUndefined();
  });

  it("throttles an unknown address the same way", async () => {
    const ip = freshIp();
    const email = `nobody-${createId("usr").toLowerCase()}@example.com`;
    const statuses = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      statuses.push((await login({ email, password: `guess ${attempt}` }, { ip })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  it("lets a burst of parallel guesses at one account through one at a time, never past the limit", async () => {
    const ip = freshIp();
    const user = await newUser();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        login({ email: user.email, password: `parallel guess ${i}` }, { ip }),
      ),
    );
    const statuses = answers.map((res) => res.status);
    const checked = statuses.filter((status) => status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25 - checked);
    for (const res of answers.filter((answer) => answer.status === 429)) {
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const failures = await activityOf(user.id, "auth.sign_in_failed");
    expect(failures).toHaveLength(checked);
  });

  it("throttles per client address: after 50 failures across accounts, that address is refused, others are not", async () => {
    const ip = freshIp();
    const user = await newUser();
    for (let attempt = 1; attempt <= 50; attempt++) {
      // Five guesses each at ten addresses: no single account reaches its own limit.
      const email = `spray-${attempt % 10}-${ip}@example.com`;
      const res = await login({ email, password: `sprayed ${attempt}` }, { ip });
      expect(res.status, `attempt ${attempt}`).toBe(401);
    }
    const blocked = await login({ email: user.email, password: PASSWORD }, { ip });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    const elsewhere = await login({ email: user.email, password: PASSWORD }, { ip: freshIp() });
    expect(elsewhere.status).toBe(200);
  }, 30_000);
});

describe("session fixation and tokens at rest", () => {
  it("never returns a token planted before sign-in, and the planted value is no session", async () => {
    const user = await newUser();
    const planted = "kps_attackerChoseThisValueLongEnoughToLookReal0123456";
    const res = await login(
      { email: user.email, password: PASSWORD },
      { headers: { cookie: `${COOKIE}=${planted}`, origin: ORIGIN } },
    );
    expect(res.status).toBe(200);
    const issued = sessionCookieOf(res);
    expect(issued).toMatch(/^kps_/);
    expect(issued).not.toBe(planted);
    const withPlanted = await callMe(planted, "cookie");
    expect(withPlanted.status).toBe(401);
    expect((await problemOf(withPlanted)).code).toBe("SESSION_EXPIRED");
    const row = await t.deps.db
      .selectFrom("sessions")
      .select("id")
      .where("token_hash", "=", hashSecretToken(planted))
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it("ends a real session whose cookie is carried into a sign-in, so it cannot be promoted", async () => {
    const attacker = await newUser();
    const victim = await newUser();
    const attackerToken = sessionCookieOf(
      await login({ email: attacker.email, password: PASSWORD }),
    )!;
    expect((await callMe(attackerToken, "cookie")).status).toBe(200);
    const res = await login(
      { email: victim.email, password: PASSWORD },
      { headers: { cookie: `${COOKIE}=${attackerToken}` } },
    );
    expect(res.status).toBe(200);
    const victimToken = sessionCookieOf(res)!;
    expect(victimToken).not.toBe(attackerToken);
    expect((await callMe(attackerToken, "cookie")).status).toBe(401);
    const me = await callMe(victimToken, "cookie");
    expect((await me.json()).data[0].id).toBe((await res.json()).session.id);
  });

  it("keeps no raw token anywhere in the database, only its SHA-256", async () => {
    const user = await newUser();
    const cookieToken = sessionCookieOf(await login({ email: user.email, password: PASSWORD }))!;
    const bearer = await (
      await login({ email: user.email, password: PASSWORD, tokenType: "bearer" })
    ).json();
    const portal = await (
      await t.vendor("POST", "/vendor/v1/portal-sessions", { userId: user.id })
    ).json();
    const tokens = [cookieToken, bearer.token as string, portal.token as string];

    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema()
        and data_type in ('text', 'character varying', 'jsonb', 'json')
    `.execute(t.deps.db);
    const sessionColumns = columns.rows.filter((column) => column.table_name === "sessions");
    expect(sessionColumns.map((column) => column.column_name)).toEqual(
      expect.arrayContaining(["id", "token_hash", "user_agent", "ip"]),
    );
    for (const { table_name, column_name } of columns.rows) {
      const found = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table_name)}
        where ${sql.ref(column_name)}::text like any (${tokens.map((token) => `%${token}%`)})
      `.execute(t.deps.db);
      expect(found.rows[0]!.n, `${table_name}.${column_name}`).toBe(0);
    }
    for (const token of tokens) {
      const row = await t.deps.db
        .selectFrom("sessions")
        .select("token_hash")
        .where("token_hash", "=", hashSecretToken(token))
        .executeTakeFirst();
      expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("POST /v1/auth/logout", () => {
  it("ends a cookie session and clears the cookie; the token then answers 401 SESSION_EXPIRED", async () => {
    const user = await newUser();
    const token = sessionCookieOf(await login({ email: user.email, password: PASSWORD }))!;
    const res = await post("/v1/auth/logout", undefined, {
      headers: { cookie: `${COOKIE}=${token}`, origin: ORIGIN },
    });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
    expect(cleared).toMatch(/^__Host-keyport-session=; Max-Age=0; /);
    expect(cleared).toMatch(/; Path=\/;/);
    expect(cleared).toMatch(/; Secure/);
    const after = await callMe(token, "cookie");
    expect(after.status).toBe(401);
    expect((await problemOf(after)).code).toBe("SESSION_EXPIRED");
    const [signedOut] = await activityOf(user.id, "auth.signed_out");
    expect(signedOut).toMatchObject({ actor: "customer", account_id: accountId, ip: "local" });
  });

  it("ends a bearer session, without any Origin", async () => {
    const user = await newUser();
    const { token } = await (
      await login({ email: user.email, password: PASSWORD, tokenType: "bearer" })
    ).json();
    const res = await post("/v1/auth/logout", undefined, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual([]);
    const after = await callMe(token, "bearer");
    expect(after.status).toBe(401);
    expect((await problemOf(after)).code).toBe("SESSION_EXPIRED");
  });

  it("refuses a cookie sign-out from a foreign origin or without Origin (403), and the session lives on", async () => {
    const user = await newUser();
    const token = sessionCookieOf(await login({ email: user.email, password: PASSWORD }))!;
    const attempts: Record<string, string>[] = [
      { cookie: `${COOKIE}=${token}`, origin: "https://evil.example" },
      { cookie: `${COOKIE}=${token}` },
    ];
    for (const headers of attempts) {
      const res = await post("/v1/auth/logout", undefined, { headers });
      expect(res.status).toBe(403);
      expect((await problemOf(res)).code).toBe("ORIGIN_NOT_ALLOWED");
    }
    expect((await callMe(token, "cookie")).status).toBe(200);
    expect(await activityOf(user.id, "auth.signed_out")).toHaveLength(0);
  });

  it("answers 401 UNAUTHENTICATED without credentials", async () => {
    const res = await post("/v1/auth/logout", undefined);
    expect(res.status).toBe(401);
    expect((await problemOf(res)).code).toBe("UNAUTHENTICATED");
  });
});

/** A 6-digit code that is none of the codes of the steps around now. */
function wrongCode(key: Uint8Array): string {
  const step = Math.floor(Date.now() / 30_000);
  const near = new Set([-2, -1, 0, 1, 2].map((d) => generateHOTP(key, BigInt(step + d), 6)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!near.has(code)) return code;
  }
}

describe("two-factor sign-in", () => {
  async function userWithTotp() {
    const user = await newUser();
    const key = crypto.getRandomValues(new Uint8Array(20));
    await t.deps.db
      .updateTable("users")
      .set({
        totp_secret_encrypted: t.deps.secrets.seal(key, user.id),
        totp_enabled_at: new Date(),
      })
      .where("id", "=", user.id)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes(t.deps.db, user.id);
    return { user, key, recoveryCodes };
  }

  it("asks for the code only after a correct password, then signs in with it once", async () => {
    const ip = freshIp();
    const { user, key } = await userWithTotp();
    const wrongPassword = await login({ email: user.email, password: "wrong password!" }, { ip });
    expect((await problemOf(wrongPassword)).code).toBe("INVALID_CREDENTIALS");

    const noCode = await login({ email: user.email, password: PASSWORD }, { ip });
    expect(noCode.status).toBe(401);
    expect((await problemOf(noCode)).code).toBe("TOTP_REQUIRED");
    expect(sessionCookieOf(noCode)).toBeNull();

    const badCode = await login(
      { email: user.email, password: PASSWORD, totpCode: wrongCode(key) },
      { ip },
    );
    expect((await problemOf(badCode)).code).toBe("INVALID_TOTP_CODE");
    const failures = await activityOf(user.id, "auth.sign_in_failed");
    expect(failures.map((row) => row.data)).toEqual([
      expect.objectContaining({ reason: "password" }),
      expect.objectContaining({ reason: "totp" }),
    ]);

    const code = generateTOTP(key, 30, 6);
    const ok = await login({ email: user.email, password: PASSWORD, totpCode: code }, { ip });
    expect(ok.status).toBe(200);
    const [signedIn] = await activityOf(user.id, "auth.signed_in");
    expect(signedIn!.data).toMatchObject({ via: "cookie", secondFactor: "totp" });

    const replay = await login({ email: user.email, password: PASSWORD, totpCode: code }, { ip });
    expect(replay.status).toBe(401);
    expect((await problemOf(replay)).code).toBe("INVALID_TOTP_CODE");
  });

  it("takes a recovery code once, records its use and tells the owner by mail", async () => {
    const { user, recoveryCodes } = await userWithTotp();
    const code = recoveryCodes[0]!;
    const noticesTo = async () =>
      (
        await t.deps.db
          .selectFrom("mail_outbox")
          .select("subject")
          .where("to_address", "=", user.email)
          .execute()
      ).map((mail) => mail.subject);
    const before = await noticesTo();
    const ok = await login({ email: user.email, password: PASSWORD, totpCode: code.toUpperCase() });
    expect(ok.status).toBe(200);
    expect(await activityOf(user.id, "recovery_code.used")).toHaveLength(1);
    expect(await noticesTo()).toEqual([...before, "A recovery code was used — Keyport"]);
    const again = await login({ email: user.email, password: PASSWORD, totpCode: code });
    expect((await problemOf(again)).code).toBe("INVALID_TOTP_CODE");
    expect(await activityOf(user.id, "recovery_code.used")).toHaveLength(1);
  });

  it("counts wrong codes as failed sign-ins toward the throttle", async () => {
    const ip = freshIp();
    const { user, key } = await userWithTotp();
    const statuses = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      const res = await login(
        { email: user.email, password: PASSWORD, totpCode: wrongCode(key) },
        { ip },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});

describe("activity", () => {
  it("records sign-ins with how and from where, and failed ones of known users without the password", async () => {
    const ip = freshIp();
    const user = await newUser();
    const guess = "my-secret-guess-1234";
    await login(
      { email: user.email, password: guess },
      { ip, headers: { "user-agent": "curl/8" } },
    );
    const unknownBefore = await countRows("activity");
    await login({ email: `nobody-${createId("usr")}@example.com`, password: guess }, { ip });
    expect(await countRows("activity")).toBe(unknownBefore);
    await login({ email: user.email, password: PASSWORD, tokenType: "bearer" }, { ip });

    const [failed] = await activityOf(user.id, "auth.sign_in_failed");
    expect(failed).toMatchObject({
      actor: "customer",
      account_id: accountId,
      ip,
      subject_id: user.id,
    });
    expect(JSON.stringify(failed)).not.toContain(guess);
    expect(JSON.stringify(failed)).not.toContain(PASSWORD);
    const [signedIn] = await activityOf(user.id, "auth.signed_in");
    expect(signedIn).toMatchObject({
      actor: "customer",
      account_id: accountId,
      ip,
      subject_type: "session",
    });
    expect(signedIn!.data).toMatchObject({ via: "bearer", secondFactor: null });
    expect(JSON.stringify(signedIn)).not.toContain(PASSWORD);
  });
});

describe("bad input", () => {
  it("answers 422 naming the field, and records nothing", async () => {
    const ip = freshIp();
    const user = await newUser();
    const cases: [unknown, string][] = [
      [{ password: PASSWORD }, "body.email"],
      [{ email: user.email }, "body.password"],
      [{ email: 42, password: PASSWORD }, "body.email"],
      [{ email: "not-an-address", password: PASSWORD }, "body.email"],
      [{ email: user.email, password: 12345678901234 }, "body.password"],
      [{ email: user.email, password: "" }, "body.password"],
      [{ email: user.email, password: "x".repeat(257) }, "body.password"],
      [{ email: user.email, password: PASSWORD, totpCode: 123456 }, "body.totpCode"],
      [{ email: user.email, password: PASSWORD, totpCode: "1".repeat(33) }, "body.totpCode"],
      [{ email: user.email, password: PASSWORD, tokenType: "session" }, "body.tokenType"],
      [{ email: user.email, password: PASSWORD, remember: true }, "body.remember"],
      [{ email: `${"a".repeat(250)}@example.com`, password: PASSWORD }, "body.email"],
    ];
    const counts = [
      await countRows("sessions"),
      await countRows("throttle_counters"),
      await countRows("activity"),
    ];
    for (const [body, field] of cases) {
      const res = await login(body as Record<string, unknown>, { ip });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await problemOf(res);
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors?.map((error) => error.field)).toContain(field);
    }
    expect([
      await countRows("sessions"),
      await countRows("throttle_counters"),
      await countRows("activity"),
    ]).toEqual(counts);
  });

  it("answers malformed JSON with 400 and another content type with a clear 415", async () => {
    const malformed = await post("/v1/auth/login", "{not json");
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).code).toBe("MALFORMED_JSON");

    const user = await newUser();
    const form = await t.publicApp.request("/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(PASSWORD)}`,
    });
    expect(form.status).toBe(415);
    const problem = await problemOf(form);
    expect(problem.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(problem.detail).toMatch(/application\/json/);
    expect(sessionCookieOf(form)).toBeNull();
  });
});

describe("security headers", () => {
  it("are on sign-in answers, successful or not", async () => {
    const user = await newUser();
    for (const res of [
      await login({ email: user.email, password: PASSWORD }),
      await login({ email: user.email, password: "wrong password!!" }),
    ]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });
});

describe("OpenAPI", () => {
  it("describes sign-in, sign-out and the sessions routes", async () => {
    const doc = await (await t.publicApp.request("/openapi.json")).json();
    const login = doc.paths["/v1/auth/login"]?.post;
    expect(Object.keys(login.responses)).toEqual(
      expect.arrayContaining(["200", "401", "403", "422", "429"]),
    );
    expect(login.requestBody.content["application/json"]).toBeDefined();
    expect(doc.paths["/v1/auth/logout"]?.post.security).toEqual([
      { sessionCookie: [] },
      { sessionBearer: [] },
    ]);
    expect(doc.paths["/v1/me/sessions"]?.get).toBeDefined();
    expect(doc.paths["/v1/me/sessions/{id}"]?.delete).toBeDefined();
  });
});
