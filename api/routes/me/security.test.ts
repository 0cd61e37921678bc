import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../credentials/password.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { signedInUser } from "../../test/signed-in-user.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const NEW_PASSWORD = "a much better passphrase 42";

async function outbox(to: string) {
  return t.deps.db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("to_address", "=", to)
    .orderBy("id")
    .execute();
}

async function passwordHashOf(userId: string) {
  const row = await t.deps.db
    .selectFrom("users")
    .select(["password_hash", "email"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return row;
}

function fieldsOf(problem: { errors?: { field: string }[] }) {
  return (problem.errors ?? []).map((error) => error.field);
}

describe("Customer API: POST /v1/me/password", () => {
  it("changes the password, ends the other sessions but not this one, records it and sends a notice", async () => {
    const ada = await signedInUser(t);
    const laptop = await ada.newSession();
    const phone = await ada.newSession();
    const bob = await signedInUser(t, { accountId: ada.accountId });

    const res = await ada.call("POST", "/v1/me/password", {
      currentPassword: ada.password,
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(204);

    const { password_hash } = await passwordHashOf(ada.userId);
    expect(await verifyPassword(password_hash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(password_hash, ada.password)).toBe(false);

    expect((await ada.call("GET", "/v1/me")).status).toBe(200);
    for (const other of [laptop, phone]) {
      const gone = await t.publicApp.request("/v1/me", {
        headers: { authorization: `Bearer ${other.token}` },
      });
      expect(gone.status).toBe(401);
      expect((await gone.json()).code).toBe("SESSION_EXPIRED");
    }
    // Another user's session is untouched.
    expect((await bob.call("GET", "/v1/me")).status).toBe(200);

    const [entry] = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("user_id", "=", ada.userId)
      .where("action", "=", "password.changed")
      .execute();
    expect(entry).toMatchObject({ actor: "customer", account_id: ada.accountId, ip: "local" });
    expect(entry?.data).toMatchObject({ sessionsEnded: 2 });

    const mails = await outbox(ada.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toMatch(/password was changed/i);
    expect(mails[0]?.text_body).not.toContain(NEW_PASSWORD);
  });

  it("sends no notice to a user who turned security notices off", async () => {
    const ada = await signedInUser(t);
    const prefs = await ada.call("PUT", "/v1/me/notifications", {
      licenseExpiring: true,
      licenseExpiringDays: 30,
      newRelease: true,
      activationChanges: false,
      securityNotices: false,
    });
    expect(prefs.status).toBe(200);
    const res = await ada.call("POST", "/v1/me/password", {
      currentPassword: ada.password,
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(204);
    expect(await outbox(ada.email)).toHaveLength(0);
  });

  it("refuses a wrong current password, naming it, and changes nothing", async () => {
    const ada = await signedInUser(t);
    const other = await ada.newSession();
    const before = await passwordHashOf(ada.userId);
    const res = await ada.call("POST", "/v1/me/password", {
      currentPassword: "not my password at all",
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(await res.json())).toEqual(["body.currentPassword"]);
    expect(await passwordHashOf(ada.userId)).toEqual(before);
    const still = await t.publicApp.request("/v1/me", {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(still.status).toBe(200);
    expect(await outbox(ada.email)).toHaveLength(0);
  });

  it("refuses common, personal, short and over-long new passwords", async () => {
    const ada = await signedInUser(t, { email: "grace.hopper@example.com", name: "Grace Hopper" });
    const before = await passwordHashOf(ada.userId);
    for (const newPassword of [
      "password1234",
      "Password1234",
      "grace.hopper@example.com",
      "short",
      "x".repeat(11),
      "y".repeat(257),
      "aaaaaaaaaaaaaaaa",
    ]) {
      const res = await ada.call("POST", "/v1/me/password", {
        currentPassword: ada.password,
        newPassword,
      });
      expect(res.status, newPassword).toBe(422);
      expect(fieldsOf(await res.json())).toEqual(["body.newPassword"]);
    }
    expect(await passwordHashOf(ada.userId)).toEqual(before);
    // 128 characters (and more, up to 256) are fine; no composition rules.
    const long = "long passphrase ".repeat(8);
    expect(long).toHaveLength(128);
    const ok = await ada.call("POST", "/v1/me/password", {
      currentPassword: ada.password,
      newPassword: long,
    });
    expect(ok.status).toBe(204);
  });

  it("answers 422 for missing, unknown or mistyped fields", async () => {
    const ada = await signedInUser(t);
    const missing = await ada.call("POST", "/v1/me/password", { newPassword: NEW_PASSWORD });
    expect(fieldsOf(await missing.json())).toEqual(["body.currentPassword"]);
    const unknown = await ada.call("POST", "/v1/me/password", {
      currentPassword: ada.password,
      newPassword: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(unknown.status).toBe(422);
    expect(fieldsOf(await unknown.json())).toEqual(["body.confirm"]);
    const typed = await ada.call("POST", "/v1/me/password", {
      currentPassword: 1234,
      newPassword: NEW_PASSWORD,
    });
    expect(fieldsOf(await typed.json())).toEqual(["body.currentPassword"]);
    const text = await ada.call("POST", "/v1/me/password", undefined, {
      "content-type": "text/plain",
    });
    expect(text.status).toBe(415);
  });

  it("throttles wrong current passwords: the 11th attempt in 15 minutes is refused with 429", async () => {
    const ada = await signedInUser(t);
    for (let i = 1; i <= 10; i++) {
      const res = await ada.call("POST", "/v1/me/password", {
        currentPassword: `wrong guess number ${i}`,
        newPassword: NEW_PASSWORD,
      });
      expect(res.status, `attempt ${i}`).toBe(422);
    }
    const blocked = await ada.call("POST", "/v1/me/password", {
      currentPassword: ada.password,
      newPassword: NEW_PASSWORD,
    });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await blocked.json()).code).toBe("RATE_LIMITED");
    expect(
      await verifyPassword((await passwordHashOf(ada.userId)).password_hash, ada.password),
    ).toBe(true);
    // Another user is not affected.
    const bob = await signedInUser(t);
    const res = await bob.call("POST", "/v1/me/password", {
      currentPassword: bob.password,
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(204);
  });
});

describe("Customer API: POST /v1/me/email and /v1/me/email/confirm", () => {
  function tokenFrom(text: string): string {
    const match = /\/confirm-email\?token=(\S+)/.exec(text);
    if (!match?.[1]) throw new Error(`no link in: ${text}`);
    return decodeURIComponent(match[1]);
  }

  it("mails a link to the new address; confirming changes the address and notifies the old one", async () => {
    const ada = await signedInUser(t, { email: "ada.old@example.com" });
    const res = await ada.call("POST", "/v1/me/email", {
      newEmail: " Ada.New@Example.com ",
      password: ada.password,
    });
    expect(res.status).toBe(202);
    const started = await res.json();
    expect(started.newEmail).toBe("ada.new@example.com");
    const hours = (Date.parse(started.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    // Nothing changes before the confirmation.
    expect((await (await ada.call("GET", "/v1/me")).json()).email).toBe("ada.old@example.com");
    const [mail] = await outbox("ada.new@example.com");
    expect(mail?.text_body).toContain(`${t.deps.config.publicUrl}/confirm-email?token=`);
    const token = tokenFrom(mail!.text_body);
    // Stored hashed only.
    const stored = await t.deps.db
      .selectFrom("one_time_tokens")
      .selectAll()
      .where("user_id", "=", ada.userId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      purpose: "email_change",
      data: { newEmail: "ada.new@example.com" },
    });
    expect(JSON.stringify(stored)).not.toContain(token);

    const confirmed = await ada.call("POST", "/v1/me/email/confirm", { token });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ id: ada.userId, email: "ada.new@example.com" });
    expect((await ada.call("GET", "/v1/me")).status).toBe(200);

    const notices = await outbox("ada.old@example.com");
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text_body).toContain("ada.new@example.com");
    const [entry] = await t.deps.db
      .selectFrom("activity")
      .selectAll()
      .where("user_id", "=", ada.userId)
      .where("action", "=", "email.changed")
      .execute();
    expect(entry?.data).toEqual({
      oldEmail: "ada.old@example.com",
      newEmail: "ada.new@example.com",
    });

    // The link works once.
    const again = await ada.call("POST", "/v1/me/email/confirm", { token });
    expect(again.status).toBe(400);
    expect((await again.json()).code).toBe("TOKEN_INVALID");
  });

  it("refuses a wrong password, a taken address and the current address, sending nothing", async () => {
    const ada = await signedInUser(t, { email: "ada.two@example.com" });
    const taken = await signedInUser(t, { email: "taken@example.com" });
    const wrong = await ada.call("POST", "/v1/me/email", {
      newEmail: "fresh@example.com",
      password: "not the password",
    });
    expect(wrong.status).toBe(422);
    expect(fieldsOf(await wrong.json())).toEqual(["body.password"]);

    const conflict = await ada.call("POST", "/v1/me/email", {
      newEmail: "TAKEN@example.com",
      password: ada.password,
    });
    expect(conflict.status).toBe(409);
    expect(fieldsOf(await conflict.json())).toEqual(["body.newEmail"]);

    const same = await ada.call("POST", "/v1/me/email", {
      newEmail: "ada.two@example.com",
      password: ada.password,
    });
    expect(same.status).toBe(422);
    expect(fieldsOf(await same.json())).toEqual(["body.newEmail"]);

    const invalid = await ada.call("POST", "/v1/me/email", {
      newEmail: "not an address",
      password: ada.password,
    });
    expect(fieldsOf(await invalid.json())).toEqual(["body.newEmail"]);

    for (const to of ["fresh@example.com", "taken@example.com"])
      expect(await outbox(to)).toHaveLength(0);
    expect(
      await t.deps.db
        .selectFrom("one_time_tokens")
        .select("id")
        .where("user_id", "=", ada.userId)
        .execute(),
    ).toHaveLength(0);
    expect((await (await taken.call("GET", "/v1/me")).json()).email).toBe("taken@example.com");
  });

  it("lets only one of two concurrent confirmations through", async () => {
    const ada = await signedInUser(t);
    await ada.call("POST", "/v1/me/email", {
      newEmail: "race@example.com",
      password: ada.password,
    });
    const token = tokenFrom((await outbox("race@example.com"))[0]!.text_body);
    const results = await Promise.all([
      ada.call("POST", "/v1/me/email/confirm", { token }),
      ada.call("POST", "/v1/me/email/confirm", { token }),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 400]);
    expect(await outbox(ada.email)).toHaveLength(1);
  });

  it("answers 409 when the address was taken between request and confirmation", async () => {
    const ada = await signedInUser(t, { email: "ada.three@example.com" });
    const res = await ada.call("POST", "/v1/me/email", {
      newEmail: "contested@example.com",
      password: ada.password,
    });
    expect(res.status).toBe(202);
    const token = tokenFrom((await outbox("contested@example.com"))[0]!.text_body);
    await signedInUser(t, { email: "contested@example.com" });
    const confirmed = await ada.call("POST", "/v1/me/email/confirm", { token });
    expect(confirmed.status).toBe(409);
    expect((await (await ada.call("GET", "/v1/me")).json()).email).toBe("ada.three@example.com");
    expect(await outbox("ada.three@example.com")).toHaveLength(0);
  });

  it("accepts only the user's own, latest, unexpired token", async () => {
    const ada = await signedInUser(t);
    const bob = await signedInUser(t);
    await ada.call("POST", "/v1/me/email", {
      newEmail: "first@example.com",
      password: ada.password,
    });
    await ada.call("POST", "/v1/me/email", {
      newEmail: "second@example.com",
      password: ada.password,
    });
    const first = tokenFrom((await outbox("first@example.com"))[0]!.text_body);
    const second = tokenFrom((await outbox("second@example.com"))[0]!.text_body);

    const stale = await ada.call("POST", "/v1/me/email/confirm", { token: first });
    expect(stale.status).toBe(400);
    // Bob cannot use Ada's link.
    const foreign = await bob.call("POST", "/v1/me/email/confirm", { token: second });
    expect(foreign.status).toBe(400);
    expect((await (await bob.call("GET", "/v1/me")).json()).email).toBe(bob.email);

    await t.deps.db
      .updateTable("one_time_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", ada.userId)
      .execute();
    const expired = await ada.call("POST", "/v1/me/email/confirm", { token: second });
    expect(expired.status).toBe(400);
    expect((await expired.json()).code).toBe("TOKEN_INVALID");
    for (const token of ["", "x".repeat(201)]) {
      const bad = await ada.call("POST", "/v1/me/email/confirm", { token });
      expect(fieldsOf(await bad.json())).toEqual(["body.token"]);
    }
    const junk = await ada.call("POST", "/v1/me/email/confirm", { token: "nonsense" });
    expect(junk.status).toBe(400);
    expect((await (await ada.call("GET", "/v1/me")).json()).email).toBe(ada.email);
  });
});
