import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

// Issue 14, finding 4: a stolen session or a widget token could turn two-factor
// sign-in on and lock the owner out. Every security change now needs the password,
// widget tokens need the vendor's `allowSecurityChanges`, and the vendor can reset
// a user's two-factor sign-in.

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const step = () => Math.floor(Date.now() / 30_000);

async function userRow(id: string) {
  return t.deps.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json();
}

/** Sets up and enables two-factor sign-in through the API; answers the key and recovery codes. */
async function enableThroughApi(user: SignedInUser) {
  const setup = await user.call("POST", "/v1/me/totp", { password: user.password });
  expect(setup.status, await setup.clone().text()).toBe(200);
  const key = decodeBase32IgnorePadding((await setup.json()).secret);
  const res = await user.call("POST", "/v1/me/totp/enable", { code: generateTOTP(key, 30, 6) });
  expect(res.status).toBe(200);
  return { key, recoveryCodes: (await res.json()).recoveryCodes as string[] };
}

/** A widget token for the user from the Vendor API, with or without security changes. */
async function widgetToken(userId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.vendor("POST", "/vendor/v1/portal-sessions", { userId, ...extra });
  expect(res.status).toBe(201);
  return (await res.json()).token;
}

function callWith(token: string, method: string, path: string, body?: unknown) {
  return t.publicApp.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function signIn(email: string, password: string, totpCode?: string) {
  return t.publicApp.request("/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password,
      ...(totpCode ? { totpCode } : {}),
      tokenType: "bearer",
    }),
  });
}

describe("security changes need the current password", () => {
  it("refuses to start a two-factor setup without the password, or with a wrong one", async () => {
    const ada = await signedInUser(t);
    const bare = await ada.call("POST", "/v1/me/totp", {});
    expect(bare.status).toBe(422);
    expect((await problemOf(bare)).errors).toEqual([
      expect.objectContaining({ field: "body.password" }),
    ]);
    const wrong = await ada.call("POST", "/v1/me/totp", { password: "not the password at all" });
    expect(wrong.status).toBe(422);
    expect((await problemOf(wrong)).errors).toEqual([
      { field: "body.password", message: "is not your current password" },
    ]);
    // No key was made, so nothing can be enabled with the session alone.
    expect((await userRow(ada.userId)).totp_secret_encrypted).toBeNull();
    const enable = await ada.call("POST", "/v1/me/totp/enable", { code: "123456" });
    expect(enable.status).toBe(409);

    const right = await ada.call("POST", "/v1/me/totp", { password: ada.password });
    expect(right.status).toBe(200);
    expect((await userRow(ada.userId)).totp_secret_encrypted).not.toBeNull();
  });

  it("counts wrong setup passwords with the other checks, and throttles them", async () => {
    const ada = await signedInUser(t);
    for (let i = 0; i < 10; i++) {
      const res = await ada.call("POST", "/v1/me/totp", { password: `wrong guess ${i} here` });
      expect(res.status).toBe(422);
    }
    const blocked = await ada.call("POST", "/v1/me/totp", { password: ada.password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await userRow(ada.userId)).totp_secret_encrypted).toBeNull();
  });

  it("replaces the recovery codes only with the password and a second factor", async () => {
    const ada = await signedInUser(t);
    const { key, recoveryCodes } = await enableThroughApi(ada);
    const path = "/v1/me/totp/recovery-codes";
    const code = () => generateHOTP(key, BigInt(step() + 1), 6);

    const noCode = await ada.call("POST", path, { password: ada.password });
    expect(noCode.status).toBe(422);
    expect((await problemOf(noCode)).errors).toEqual([
      expect.objectContaining({ field: "body.code" }),
    ]);
    const wrongPassword = await ada.call("POST", path, {
      password: "not it at all!",
      code: code(),
    });
    expect(wrongPassword.status).toBe(422);
    expect((await problemOf(wrongPassword)).errors).toEqual([
      expect.objectContaining({ field: "body.password" }),
    ]);

    const res = await ada.call("POST", path, { password: ada.password, code: code() });
    expect(res.status).toBe(200);
    const fresh = (await res.json()).recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.some((one) => recoveryCodes.includes(one))).toBe(false);

    // An old code no longer signs in; a new one does.
    expect((await signIn(ada.email, ada.password, recoveryCodes[0])).status).toBe(401);
    expect((await signIn(ada.email, ada.password, fresh[0])).status).toBe(200);
    const actions = await t.deps.db
      .selectFrom("activity")
      .select("action")
      .where("user_id", "=", ada.userId)
      .execute();
    expect(actions.map((row) => row.action)).toContain("recovery_codes.replaced");
    const mails = await t.deps.db
      .selectFrom("mail_outbox")
      .select("subject")
      .where("to_address", "=", ada.email)
      .execute();
    expect(mails.map((mail) => mail.subject)).toContainEqual(
      expect.stringMatching(/recovery codes/i),
    );
  });

  it("answers 409 for replacing recovery codes while two-factor sign-in is off", async () => {
    const ada = await signedInUser(t);
    const res = await ada.call("POST", "/v1/me/totp/recovery-codes", {
      password: ada.password,
      code: "123456",
    });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe("INVALID_STATE");
  });
});

describe("widget (portal-session) tokens", () => {
  it("may not make any security change unless the vendor allowed it", async () => {
    const ada = await signedInUser(t);
    const token = await widgetToken(ada.userId);
    const password = ada.password;
    const attempts: [string, string, unknown][] = [
      ["POST", "/v1/me/totp", { password }],
      ["POST", "/v1/me/totp/enable", { code: "123456" }],
      ["DELETE", "/v1/me/totp", { password, code: "123456" }],
      ["POST", "/v1/me/totp/recovery-codes", { password, code: "123456" }],
      [
        "POST",
        "/v1/me/password",
        { currentPassword: password, newPassword: "a new long passphrase" },
      ],
      ["POST", "/v1/me/email", { newEmail: "elsewhere@example.com", password }],
      ["POST", "/v1/me/email/confirm", { token: "kpt_whatever" }],
    ];
    const before = await userRow(ada.userId);
    for (const [method, path, body] of attempts) {
      const res = await callWith(token, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await problemOf(res)).code, `${method} ${path}`).toBe("SECURITY_CHANGES_NOT_ALLOWED");
    }
    const after = await userRow(ada.userId);
    expect(after.totp_secret_encrypted).toBeNull();
    expect(after.password_hash).toBe(before.password_hash);
    expect(after.email).toBe(before.email);
    // Everything else still works with it.
    expect((await callWith(token, "GET", "/v1/me")).status).toBe(200);
    expect((await callWith(token, "PATCH", "/v1/me", { name: "Ada L." })).status).toBe(200);
  });

  it("may, with the password, when minted with allowSecurityChanges", async () => {
    const ada = await signedInUser(t);
    const minted = await t.vendor("POST", "/vendor/v1/portal-sessions", {
      userId: ada.userId,
      allowSecurityChanges: true,
    });
    const body = await minted.json();
    expect(body.allowSecurityChanges).toBe(true);
    const withoutPassword = await callWith(body.token, "POST", "/v1/me/totp", {});
    expect(withoutPassword.status).toBe(422);
    const setup = await callWith(body.token, "POST", "/v1/me/totp", { password: ada.password });
    expect(setup.status).toBe(200);
  });
});

describe("DELETE /vendor/v1/users/{id}/totp: the vendor's recovery path", () => {
  it("turns two-factor sign-in off, ends the sessions, records and mails it", async () => {
    const ada = await signedInUser(t);
    await enableThroughApi(ada);
    expect((await signIn(ada.email, ada.password)).status).toBe(401);

    const res = await t.vendor("DELETE", `/vendor/v1/users/${ada.userId}/totp`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ reset: true, sessionsEnded: 1 });
    expect(body.user).toMatchObject({ id: ada.userId, twoFactorEnabled: false });

    const row = await userRow(ada.userId);
    expect(row.totp_enabled_at).toBeNull();
    expect(row.totp_secret_encrypted).toBeNull();
    const codes = await t.deps.db
      .selectFrom("totp_recovery_codes")
      .select("id")
      .where("user_id", "=", ada.userId)
      .execute();
    expect(codes).toEqual([]);
    // The session that may have set it up is over; the password alone signs in again.
    expect((await ada.call("GET", "/v1/me")).status).toBe(401);
    expect((await signIn(ada.email, ada.password)).status).toBe(200);

    const entries = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("account_id", "=", ada.accountId)
      .where("action", "=", "totp.reset")
      .execute();
    expect(entries).toEqual([
      expect.objectContaining({ actor: "vendor", subject_type: "user", subject_id: ada.userId }),
    ]);
    const mails = await t.deps.db
      .selectFrom("mail_outbox")
      .select("subject")
      .where("to_address", "=", ada.email)
      .execute();
    expect(mails.map((mail) => mail.subject)).toContainEqual(expect.stringMatching(/was reset/));
  });

  it("changes nothing for a user without a key, and answers 404 for an unknown one", async () => {
    const bob = await signedInUser(t);
    const res = await t.vendor("DELETE", `/vendor/v1/users/${bob.userId}/totp`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ reset: false, sessionsEnded: 0 });
    expect((await bob.call("GET", "/v1/me")).status).toBe(200);
    const entries = await t.deps.db
      .selectFrom("activity")
      .select("id")
      .where("account_id", "=", bob.accountId)
      .where("action", "=", "totp.reset")
      .execute();
    expect(entries).toEqual([]);
    const unknown = await t.vendor(
      "DELETE",
      "/vendor/v1/users/usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA/totp",
    );
    expect(unknown.status).toBe(404);
  });

  it("is not reachable with a customer session", async () => {
    const ada = await signedInUser(t);
    const res = await ada.call("DELETE", `/vendor/v1/users/${ada.userId}/totp`);
    expect(res.status).toBe(404);
  });
});
