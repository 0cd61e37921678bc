import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../accounts/user-service.ts";
import { DAY_MS } from "../../../core/time.ts";
import { verifyPassword } from "../../../credentials/password.ts";
import { createBaseApp } from "../../../http/base-app.ts";
import { type MailDeliveryJob, startMailDeliveryJob } from "../../../jobs/mail-delivery-job.ts";
import { insertAccount } from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { type ReceivedMail, type SmtpSink, startSmtpSink } from "../../../test/smtp-sink.ts";
import { passwordResetRoutes } from "../../me/password-reset.ts";

const PASSWORD = "my own chosen passphrase";

let sink: SmtpSink;
let t: TestContext;
let sender: MailDeliveryJob;
let accountId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestContext({ SMTP_URL: sink.url });
  sender = startMailDeliveryJob(t.deps, { intervalMs: 3_600_000 });
  accountId = await insertAccount(t.deps.db, "Invited Ltd");
});
afterAll(async () => {
  await sender?.stop();
  await t?.close();
  await sink?.close();
});

let counter = 0;
const freshEmail = () => `invitee${++counter}-${Date.now()}@example.com`;

interface UserBody {
  id: string;
  email: string;
  passwordSet: boolean;
}

async function createVendorUser(body: Record<string, unknown> = {}) {
  const email = freshEmail();
  const res = await t.vendor("POST", "/vendor/v1/users", {
    accountId,
    email,
    name: "Grace Hopper",
    role: "member",
    ...body,
  });
  return { res, email };
}

async function mailsTo(email: string) {
  return t.deps.db
    .selectFrom("mail_outbox")
    .select(["subject", "text_body"])
    .where("to_address", "=", email)
    .execute();
}

async function receiveInvitation(email: string, seen: readonly ReceivedMail[] = []) {
  await sender.flush();
  return sink.waitFor(
    (m) => m.recipients.includes(email) && /invited/.test(m.subject) && !seen.includes(m),
  );
}

function tokenOf(mail: ReceivedMail): string {
  const url = new URL(mail.link ?? "");
  expect(`${url.origin}${url.pathname}`).toBe(`${t.deps.config.publicUrl}/accept-invitation`);
  return url.searchParams.get("token") ?? "";
}

function confirm(token: string, password = PASSWORD, app = t.publicApp) {
  return app.request("/v1/auth/password-reset/confirm", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, password }),
  });
}

async function userRow(id: string) {
  return t.deps.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

const problemOf = async (res: Response) =>
  (await res.json()) as { code: string; errors?: { field: string; message: string }[] };

describe("invitations for users created through the Vendor API", () => {
  it("mails an invitation that arrives over SMTP; accepting it sets the password and allows sign-in", async () => {
    const { res, email } = await createVendorUser();
    expect(res.status).toBe(201);
    const user = (await res.json()) as UserBody;
    expect(user.passwordSet).toBe(false);

    const mail = await receiveInvitation(email);
    expect(mail.recipients).toEqual([email]);
    expect(mail.subject).toBe("You are invited — Keyport");
    expect(mail.text).toContain("Hello Grace Hopper,");
    expect(mail.text).toContain("for Invited Ltd");
    expect(mail.text).toContain("for 7 days");
    const token = tokenOf(mail);
    const stored = await t.deps.db
      .selectFrom("one_time_tokens")
      .selectAll()
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(stored.purpose).toBe("invitation");
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBe(7 * DAY_MS);

    const accepted = await confirm(token);
    expect(accepted.status).toBe(204);
    expect(await verifyPassword((await userRow(user.id)).password_hash, PASSWORD)).toBe(true);
    const shown = (await (await t.vendor("GET", `/vendor/v1/users/${user.id}`)).json()) as UserBody;
    expect(shown.passwordSet).toBe(true);
    const activity = await t.deps.db
      .selectFrom("activity")
      .select("action")
      .where("user_id", "=", user.id)
      .execute();
    expect(activity).toEqual([{ action: "invitation.accepted" }]);

    const login = await t.publicApp.request("/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD, tokenType: "bearer" }),
    });
    expect(login.status).toBe(200);

    // Single use: the invitation cannot set the password a second time.
    const again = await confirm(token, "somebody else's passphrase");
    expect(again.status).toBe(400);
    expect((await problemOf(again)).code).toBe("TOKEN_INVALID");
  });

  it("sends no invitation to a user created with a password, or with sendInvitation false", async () => {
    const withPassword = await createVendorUser({ password: "a vendor-set passphrase" });
    expect(withPassword.res.status).toBe(201);
    const optedOut = await createVendorUser({ sendInvitation: false });
    expect(optedOut.res.status).toBe(201);
    expect(await mailsTo(withPassword.email)).toEqual([]);
    expect(await mailsTo(optedOut.email)).toEqual([]);
  });

  it("refuses sendInvitation with a password, or of the wrong type, and writes nothing", async () => {
    const both = await createVendorUser({
      password: "a vendor-set passphrase",
      sendInvitation: true,
    });
    expect(both.res.status).toBe(422);
    expect((await problemOf(both.res)).errors?.map((e) => e.field)).toEqual([
      "body.sendInvitation",
    ]);
    const mistyped = await createVendorUser({ sendInvitation: "yes" });
    expect(mistyped.res.status).toBe(422);
    expect((await problemOf(mistyped.res)).errors?.map((e) => e.field)).toEqual([
      "body.sendInvitation",
    ]);
    for (const email of [both.email, mistyped.email]) {
      expect(await mailsTo(email)).toEqual([]);
      const user = await t.deps.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirst();
      expect(user).toBeUndefined();
    }
  });

  it("queues no invitation when creating the user fails", async () => {
    const { res, email } = await createVendorUser();
    expect(res.status).toBe(201);
    const before = await t.deps.db
      .selectFrom("mail_outbox")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const duplicate = await t.vendor("POST", "/vendor/v1/users", {
      accountId,
      email,
      name: "Someone Else",
      role: "member",
    });
    expect(duplicate.status).toBe(409);
    const unknownAccount = await t.vendor("POST", "/vendor/v1/users", {
      accountId: "acc_01JDQ8W3ZJ5X2V7M4K9T6R1BNA",
      email: freshEmail(),
      name: "Nobody",
      role: "member",
    });
    expect(unknownAccount.status).toBe(422);
    const after = await t.deps.db
      .selectFrom("mail_outbox")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("queues no mail when users are created with the service, as the demo seed does", async () => {
    const email = freshEmail();
    await createUser(t.deps.db, {
      accountId,
      email,
      name: "Demo Customer",
      role: "owner",
      password: "demo-password",
    });
    const other = freshEmail();
    await t.deps.db
      .transaction()
      .execute((trx) => createUser(trx, { accountId, email: other, name: "Demo", role: "member" }));
    expect(await mailsTo(email)).toEqual([]);
    expect(await mailsTo(other)).toEqual([]);
  });

  it("expires after seven days", async () => {
    const { res, email } = await createVendorUser();
    const user = (await res.json()) as UserBody;
    const token = tokenOf(await receiveInvitation(email));
    const clock = { now: new Date(Date.now() + 7 * DAY_MS + 60_000) };
    const app = createBaseApp(t.deps);
    app.route("/v1", passwordResetRoutes(t.deps, { now: () => clock.now }));
    const late = await confirm(token, PASSWORD, app);
    expect(late.status).toBe(400);
    expect((await problemOf(late)).code).toBe("TOKEN_INVALID");
    expect((await userRow(user.id)).password_hash).toBeNull();
    clock.now = new Date(Date.now() + 7 * DAY_MS - 60 * 60_000);
    expect((await confirm(token, PASSWORD, app)).status).toBe(204);
  });
});

describe("POST /vendor/v1/users/{id}/invitation", () => {
  it("sends a new invitation; only the newest link works", async () => {
    const { res, email } = await createVendorUser();
    const user = (await res.json()) as UserBody;
    const first = await receiveInvitation(email);
    const resent = await t.vendor("POST", `/vendor/v1/users/${user.id}/invitation`);
    expect(resent.status).toBe(202);
    const body = (await resent.json()) as { email: string; expiresAt: string };
    expect(body.email).toBe(email);
    const lifetime = new Date(body.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(lifetime).toBeLessThanOrEqual(7 * DAY_MS);
    const second = await receiveInvitation(email, [first]);
    expect(tokenOf(second)).not.toBe(tokenOf(first));

    expect((await problemOf(await confirm(tokenOf(first)))).code).toBe("TOKEN_INVALID");
    expect((await confirm(tokenOf(second))).status).toBe(204);
  });

  it("answers 409 INVALID_STATE once the password is set, and 404 for an unknown user", async () => {
    const { res } = await createVendorUser({ password: "a vendor-set passphrase" });
    const user = (await res.json()) as UserBody;
    const conflict = await t.vendor("POST", `/vendor/v1/users/${user.id}/invitation`);
    expect(conflict.status).toBe(409);
    expect((await problemOf(conflict)).code).toBe("INVALID_STATE");
    const tokens = await t.deps.db
      .selectFrom("one_time_tokens")
      .select("id")
      .where("user_id", "=", user.id)
      .execute();
    expect(tokens).toEqual([]);

    const missing = await t.vendor(
      "POST",
      "/vendor/v1/users/usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA/invitation",
    );
    expect(missing.status).toBe(404);
    const malformed = await t.vendor("POST", "/vendor/v1/users/nonsense/invitation");
    expect(malformed.status).toBe(404);
  });

  it("needs the vendor key", async () => {
    const { res } = await createVendorUser();
    const user = (await res.json()) as UserBody;
    const anonymous = await t.vendorApp.request(`/vendor/v1/users/${user.id}/invitation`, {
      method: "POST",
    });
    expect(anonymous.status).toBe(401);
  });

  it("is described in the Vendor OpenAPI document", async () => {
    const doc = (await (await t.vendor("GET", "/vendor/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(
      Object.keys(doc.paths["/vendor/v1/users/{id}/invitation"]?.post?.responses ?? {}),
    ).toEqual(expect.arrayContaining(["202", "404", "409"]));
  });
});
