import type { Kysely, KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "../../auth/session-service.ts";
import type { BackgroundWork } from "../../core/background-work.ts";
import { createId } from "../../core/ids.ts";
import { hashSecretToken } from "../../core/secret-token.ts";
import { MINUTE_MS } from "../../core/time.ts";
import { hashPassword, verifyPassword } from "../../credentials/password.ts";
import type { Database } from "../../db/schema.ts";
import { createBaseApp } from "../../http/base-app.ts";
import { type MailDeliveryJob, startMailDeliveryJob } from "../../jobs/mail-delivery-job.ts";
import { insertAccount } from "../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type ReceivedMail, type SmtpSink, startSmtpSink } from "../../test/smtp-sink.ts";
import { passwordResetRoutes } from "./password-reset.ts";

const OLD_PASSWORD = "the old password, long enough";
const NEW_PASSWORD = "a brand new passphrase 42";

let sink: SmtpSink;
let t: TestContext;
let sender: MailDeliveryJob;
let accountId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestContext({ SMTP_URL: sink.url });
  sender = startMailDeliveryJob(t.deps, { intervalMs: 3_600_000 });
  accountId = await insertAccount(t.deps.db, "Reset Test");
});
afterAll(async () => {
  await sender?.stop();
  await t?.close();
  await sink?.close();
});

let counter = 0;
const freshEmail = () => `reset${++counter}-${Date.now()}@example.com`;

async function insertUserWithPassword(
  email = freshEmail(),
  password: string | null = OLD_PASSWORD,
) {
  const id = createId("usr");
  await t.deps.db
    .insertInto("users")
    .values({
      id,
      account_id: accountId,
      email,
      name: "Reset Tester",
      role: "member",
      password_hash: password === null ? null : await hashPassword(password),
    })
    .execute();
  return { id, email };
}

function post(
  path: string,
  body: unknown,
  app: { request: TestContext["publicApp"]["request"] } = t.publicApp,
) {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const requestReset = (email: string, app?: Parameters<typeof post>[2]) =>
  post("/v1/auth/password-reset", { email }, app);
const confirm = (token: string, password: string, app?: Parameters<typeof post>[2]) =>
  post("/v1/auth/password-reset/confirm", { token, password }, app);

/** Delivers the outbox and waits for the newest mail to `to` with a subject like `subject`. */
async function receive(to: string, subject: RegExp): Promise<ReceivedMail> {
  const before = sink.messages.filter((m) => m.recipients.includes(to) && subject.test(m.subject));
  // The reset work runs after the answer; let it finish before delivering.
  await t.deps.background.idle();
  await sender.flush();
  return sink.waitFor(
    (m) => m.recipients.includes(to) && subject.test(m.subject) && !before.includes(m),
  );
}

function tokenOf(mail: ReceivedMail, path: string): string {
  expect(mail.link).toBeTruthy();
  const url = new URL(mail.link ?? "");
  expect(`${url.origin}${url.pathname}`).toBe(`${t.deps.config.publicUrl}${path}`);
  const token = url.searchParams.get("token");
  expect(token).toBeTruthy();
  return token ?? "";
}

const problemOf = async (res: Response) =>
  (await res.json()) as { code: string; errors?: { field: string; message: string }[] };

async function passwordHashOf(userId: string) {
  const row = await t.deps.db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return row.password_hash;
}

async function activityOf(userId: string) {
  return t.deps.db
    .selectFrom("activity")
    .select(["action", "ip", "actor"])
    .where("user_id", "=", userId)
    .execute();
}

/** Records the SQL of every statement run through the plugged-in Kysely (values are parameters). */
function recordingPlugin(db: Kysely<Database>, statements: string[]): KyselyPlugin {
  return {
    transformQuery(args) {
      statements.push(db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

/** A router over the same database whose clock the test sets. */
function appAt(clock: { now: Date }) {
  const app = createBaseApp(t.deps);
  app.route("/v1", passwordResetRoutes(t.deps, { now: () => clock.now }));
  return app;
}

describe("POST /v1/auth/password-reset", () => {
  it("answers 202 with the same body for a known and an unknown address", async () => {
    const { email } = await insertUserWithPassword();
    const known = await requestReset(email);
    const unknown = await requestReset(freshEmail());
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    const [knownBody, unknownBody] = [await known.text(), await unknown.text()];
    expect(knownBody).toBe(unknownBody);
    expect(known.headers.get("content-type")).toBe(unknown.headers.get("content-type"));
    expect(JSON.parse(knownBody)).toEqual({ detail: expect.stringContaining("If an account") });
  });

  it("answers before any mail work, through the same statements for a known and an unknown address", async () => {
    const { id, email } = await insertUserWithPassword();
    const unknown = freshEmail();
    // Held work: nothing queued runs until the test says so, as with a mail outbox that is stuck.
    const held: (() => Promise<unknown>)[] = [];
    const background: BackgroundWork = {
      run: (_name, task) => void held.push(task),
      idle: async () => {},
    };
    const statements: string[] = [];
    const db = t.deps.db.withPlugin(recordingPlugin(t.deps.db, statements));
    const deps = { ...t.deps, db, background };
    const app = createBaseApp(deps);
    app.route("/v1", passwordResetRoutes(deps));

    const seen: { status: number; body: string; statements: string[] }[] = [];
    for (const address of [email, unknown]) {
      statements.length = 0;
      const res = await requestReset(address, app);
      seen.push({ status: res.status, body: await res.text(), statements: [...statements] });
    }
    const [known, stranger] = seen as [(typeof seen)[0], (typeof seen)[0]];
    expect(known.status).toBe(202);
    expect(stranger).toEqual({ ...known, statements: known.statements });
    // Only the throttle, the same SQL for both: no user lookup, token or mail before the answer.
    expect(known.statements.length).toBeGreaterThan(0);
    expect(known.statements.join("\n")).toMatch(/throttle_counters/);
    expect(known.statements.join("\n")).not.toMatch(/"users"|one_time_tokens|mail_outbox/);
    expect(held).toHaveLength(2);
    const mailsTo = (to: string) =>
      t.deps.db.selectFrom("mail_outbox").select("id").where("to_address", "=", to).execute();
    expect(await mailsTo(email)).toEqual([]);
    const tokens = () =>
      t.deps.db.selectFrom("one_time_tokens").select("id").where("user_id", "=", id).execute();
    expect(await tokens()).toEqual([]);

    // Once the work runs, the known address gets its link and the unknown one nothing.
    for (const task of held) await task();
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await tokens()).toHaveLength(1);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it("mails a single-use link to a known address; the raw token is stored only hashed", async () => {
    const { id, email } = await insertUserWithPassword();
    expect((await requestReset(` ${email.toUpperCase()} `)).status).toBe(202);
    const mail = await receive(email, /Reset your password/);
    expect(mail.recipients).toEqual([email]);
    expect(mail.headers.to).toBe(email);
    expect(mail.subject).toBe("Reset your password — Keyport");
    expect(mail.text).toContain("works once, for 60 minutes");
    const token = tokenOf(mail, "/reset-password");
    const rows = await t.deps.db
      .selectFrom("one_time_tokens")
      .selectAll()
      .where("user_id", "=", id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.purpose).toBe("password_reset");
    expect(rows[0]?.token_hash).toBe(hashSecretToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const lifetime = (rows[0]?.expires_at.getTime() ?? 0) - (rows[0]?.created_at.getTime() ?? 0);
    expect(lifetime).toBe(60 * MINUTE_MS);
  });

  it("queues nothing for an unknown address", async () => {
    const email = freshEmail();
    expect((await requestReset(email)).status).toBe(202);
    await t.deps.background.idle();
    const rows = await t.deps.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("to_address", "=", email)
      .execute();
    expect(rows).toEqual([]);
  });

  it("refuses a 4th request for an address within an hour, known or not, with Retry-After", async () => {
    const { email } = await insertUserWithPassword();
    const unknown = freshEmail();
    for (const address of [email, unknown]) {
      for (let i = 0; i < 3; i++) expect((await requestReset(address)).status).toBe(202);
    }
    const refused = [await requestReset(email), await requestReset(unknown.toUpperCase())];
    for (const res of refused) {
      expect(res.status).toBe(429);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      const body = (await res.json()) as { code: string; retryAfter: number };
      expect(body.code).toBe("RATE_LIMITED");
      expect(body.retryAfter).toBe(retryAfter);
    }
    await t.deps.background.idle();
    const mails = await t.deps.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("to_address", "=", email)
      .execute();
    expect(mails).toHaveLength(3);
  });

  it("only the newest reset link works", async () => {
    const { email } = await insertUserWithPassword();
    await requestReset(email);
    const first = tokenOf(await receive(email, /Reset your password/), "/reset-password");
    await requestReset(email);
    const second = tokenOf(await receive(email, /Reset your password/), "/reset-password");
    expect(second).not.toBe(first);
    expect((await problemOf(await confirm(first, NEW_PASSWORD))).code).toBe("TOKEN_INVALID");
    expect((await confirm(second, NEW_PASSWORD)).status).toBe(204);
  });

  it("answers 422 naming the field for a bad address, a wrong type and an unknown field", async () => {
    const cases: [unknown, string][] = [
      [{ email: "not-an-address" }, "body.email"],
      [{ email: 42 }, "body.email"],
      [{}, "body.email"],
      [{ email: "ada@example.com", extra: 1 }, "body.extra"],
      [{ email: `${"a".repeat(250)}@example.com` }, "body.email"],
    ];
    for (const [body, field] of cases) {
      const res = await post("/v1/auth/password-reset", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await problemOf(res)).errors?.map((e) => e.field)).toContain(field);
    }
    const malformed = await post("/v1/auth/password-reset", "{nope");
    expect(malformed.status).toBe(400);
    const notJson = await t.publicApp.request("/v1/auth/password-reset", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(notJson.status).toBe(415);
  });
});

describe("POST /v1/auth/password-reset/confirm", () => {
  it("sets the password, ends every session, records the reset and mails a notice", async () => {
    const { id, email } = await insertUserWithPassword();
    const sessions = [
      await createSession(t.deps.db, { userId: id, kind: "cookie", lifetimeMs: 60 * MINUTE_MS }),
      await createSession(t.deps.db, { userId: id, kind: "bearer", lifetimeMs: 60 * MINUTE_MS }),
      await createSession(t.deps.db, { userId: id, kind: "portal", lifetimeMs: 15 * MINUTE_MS }),
    ];
    const bearer = sessions[1]?.token ?? "";
    const authorized = () =>
      t.publicApp.request("/v1/me", { headers: { authorization: `Bearer ${bearer}` } });
    expect((await authorized()).status).not.toBe(401);

    await requestReset(email);
    const token = tokenOf(await receive(email, /Reset your password/), "/reset-password");
    const res = await confirm(token, NEW_PASSWORD);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");

    expect(await verifyPassword(await passwordHashOf(id), NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(await passwordHashOf(id), OLD_PASSWORD)).toBe(false);
    for (const session of sessions) {
      expect(
        await validateSessionToken(t.deps.db, session.token, {
          idleMs: t.deps.config.sessionIdleMs,
        }),
      ).toBeNull();
    }
    const unauthorized = await authorized();
    expect(unauthorized.status).toBe(401);
    expect((await problemOf(unauthorized)).code).toBe("SESSION_EXPIRED");

    expect(await activityOf(id)).toEqual([
      { action: "password.reset", ip: "local", actor: "customer" },
    ]);
    const notice = await receive(email, /Your password was reset/);
    expect(notice.subject).toBe("Your password was reset — Keyport");
    expect(notice.text).toContain("every session was signed out");

    const login = await post("/v1/auth/login", {
      email,
      password: NEW_PASSWORD,
      tokenType: "bearer",
    });
    expect(login.status).toBe(200);
  });

  it("works once: the same link again answers 400 TOKEN_INVALID and changes nothing", async () => {
    const { id, email } = await insertUserWithPassword();
    await requestReset(email);
    const token = tokenOf(await receive(email, /Reset your password/), "/reset-password");
    expect((await confirm(token, NEW_PASSWORD)).status).toBe(204);
    const hash = await passwordHashOf(id);
    const again = await confirm(token, "yet another passphrase 7");
    expect(again.status).toBe(400);
    expect((await problemOf(again)).code).toBe("TOKEN_INVALID");
    expect(await passwordHashOf(id)).toBe(hash);
  });

  it("lets only one of two concurrent confirmations win", async () => {
    const { id, email } = await insertUserWithPassword();
    await requestReset(email);
    const token = tokenOf(await receive(email, /Reset your password/), "/reset-password");
    const answers = await Promise.all([
      confirm(token, "first concurrent passphrase"),
      confirm(token, "second concurrent passphrase"),
    ]);
    expect(answers.map((res) => res.status).sort()).toEqual([204, 400]);
    const winner = answers[0]?.status === 204 ? "first" : "second";
    expect(await verifyPassword(await passwordHashOf(id), `${winner} concurrent passphrase`)).toBe(
      true,
    );
    expect((await activityOf(id)).filter((a) => a.action === "password.reset")).toHaveLength(1);
  });

  it("does not work after an hour", async () => {
    const { id, email } = await insertUserWithPassword();
    const clock = { now: new Date() };
    const app = appAt(clock);
    expect((await requestReset(email, app)).status).toBe(202);
    const token = tokenOf(await receive(email, /Reset your password/), "/reset-password");

    clock.now = new Date(clock.now.getTime() + 60 * MINUTE_MS);
    const expired = await confirm(token, NEW_PASSWORD, app);
    expect(expired.status).toBe(400);
    expect((await problemOf(expired)).code).toBe("TOKEN_INVALID");
    expect(await verifyPassword(await passwordHashOf(id), OLD_PASSWORD)).toBe(true);

    // A minute before the hour is up it still works: the refusal above was the clock.
    clock.now = new Date(clock.now.getTime() - 2 * MINUTE_MS);
    expect((await confirm(token, NEW_PASSWORD, app)).status).toBe(204);
  });

  it("answers 400 TOKEN_INVALID for an unknown token, the same as for a used one", async () => {
    const res = await confirm("kpr_nothing-like-this-was-ever-issued", NEW_PASSWORD);
    expect(res.status).toBe(400);
    const body = await problemOf(res);
    expect(body.code).toBe("TOKEN_INVALID");
  });

  it("refuses short, over-long, common and personal passwords with 422 on body.password, keeping the token", async () => {
    const { id, email } = await insertUserWithPassword();
    const sessions = [
      await createSession(t.deps.db, { userId: id, kind: "cookie", lifetimeMs: 60 * MINUTE_MS }),
    ];
    await requestReset(email);
    const token = tokenOf(await receive(email, /Reset your password/), "/reset-password");
    const hash = await passwordHashOf(id);
    for (const password of [
      "short pass!",
      "x".repeat(257),
      "qwerty123456",
      "QWERTY123456",
      "1q2w3e4r5t6y",
      email,
      "aaaaaaaaaaaaaaaa",
    ]) {
      const res = await confirm(token, password);
      expect(res.status, password).toBe(422);
      const body = await problemOf(res);
      expect(body.code).toBe("VALIDATION_FAILED");
      expect(body.errors?.map((e) => e.field)).toEqual(["body.password"]);
    }
    // Nothing changed, and the link still works.
    expect(await passwordHashOf(id)).toBe(hash);
    expect(await activityOf(id)).toEqual([]);
    const live = await validateSessionToken(t.deps.db, sessions[0]?.token ?? "", {
      idleMs: t.deps.config.sessionIdleMs,
    });
    expect(live).not.toBeNull();
    expect((await confirm(token, NEW_PASSWORD)).status).toBe(204);
  });

  it("answers 422 naming the field for missing, mistyped and unknown fields", async () => {
    const cases: [unknown, string][] = [
      [{ password: NEW_PASSWORD }, "body.token"],
      [{ token: "kpr_x" }, "body.password"],
      [{ token: 1, password: NEW_PASSWORD }, "body.token"],
      [{ token: "kpr_x", password: NEW_PASSWORD, email: "a@b.c" }, "body.email"],
      [{ token: "x".repeat(201), password: NEW_PASSWORD }, "body.token"],
    ];
    for (const [body, field] of cases) {
      const res = await post("/v1/auth/password-reset/confirm", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await problemOf(res)).errors?.map((e) => e.field)).toContain(field);
    }
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await t.publicApp.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths["/v1/auth/password-reset"]?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(["202", "422", "429"]),
    );
    expect(
      Object.keys(doc.paths["/v1/auth/password-reset/confirm"]?.post?.responses ?? {}),
    ).toEqual(expect.arrayContaining(["204", "400", "422"]));
  });
});
