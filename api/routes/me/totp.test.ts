import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { encode } from "uqr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyTotpForLogin } from "../../credentials/totp-service.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { type SignedInUser, signedInUser } from "../../test/signed-in-user.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const step = () => Math.floor(Date.now() / 30_000);

/** A 6-digit code that is none of the codes the window around now accepts. */
function wrongCode(key: Uint8Array): string {
  const now = step();
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => generateHOTP(key, BigInt(now + d), 6)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

async function userRow(id: string) {
  return t.deps.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function actions(userId: string) {
  const rows = await t.deps.db
    .selectFrom("activity")
    .select("action")
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.action);
}

/** Sets up and enables two-factor sign-in through the API; answers the key and recovery codes. */
async function enableThroughApi(user: SignedInUser) {
  const setup = await (await user.call("POST", "/v1/me/totp", { password: user.password })).json();
  const key = decodeBase32IgnorePadding(setup.secret);
  const res = await user.call("POST", "/v1/me/totp/enable", { code: generateTOTP(key, 30, 6) });
  expect(res.status).toBe(200);
  const { recoveryCodes } = await res.json();
  return { key, recoveryCodes: recoveryCodes as string[] };
}

describe("Customer API: two-factor sign-in", () => {
  it("sets up with an otpauth URI and enables with a code from that key", async () => {
    const ada = await signedInUser(t, { email: "ada.totp@example.com" });
    const res = await ada.call("POST", "/v1/me/totp", { password: ada.password });
    expect(res.status).toBe(200);
    const setup = await res.json();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.uri);
    expect(uri.protocol).toBe("otpauth:");
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Keyport:ada\.totp%40example\.com\?/);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: setup.secret,
      issuer: "Keyport",
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
    const key = decodeBase32IgnorePadding(setup.secret);
    expect(key).toHaveLength(20);

    // Pending: not on yet, and the key is sealed at rest.
    let row = await userRow(ada.userId);
    expect(row.totp_enabled_at).toBeNull();
    expect(row.totp_secret_encrypted).toMatch(/^v1\./);
    expect(row.totp_secret_encrypted).not.toContain(setup.secret);
    expect((await (await ada.call("GET", "/v1/me")).json()).twoFactorEnabled).toBe(false);

    const wrong = await ada.call("POST", "/v1/me/totp/enable", { code: wrongCode(key) });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).errors).toEqual([expect.objectContaining({ field: "body.code" })]);
    expect((await userRow(ada.userId)).totp_enabled_at).toBeNull();

    const code = generateTOTP(key, 30, 6);
    const enabled = await ada.call("POST", "/v1/me/totp/enable", { code });
    expect(enabled.status).toBe(200);
    const { recoveryCodes } = await enabled.json();
    expect(recoveryCodes).toHaveLength(10);
    for (const recovery of recoveryCodes) expect(recovery).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    row = await userRow(ada.userId);
    expect(row.totp_enabled_at).toBeInstanceOf(Date);
    expect(row.totp_last_used_step).toBeGreaterThanOrEqual(step() - 1);
    expect((await (await ada.call("GET", "/v1/me")).json()).twoFactorEnabled).toBe(true);
    const stored = await t.deps.db
      .selectFrom("totp_recovery_codes")
      .select("code_hash")
      .where("user_id", "=", ada.userId)
      .execute();
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]);

    // The code that enabled it is spent: sign-in with it is a replay.
    expect(await verifyTotpForLogin(t.deps.db, t.deps.secrets, row, code)).toBe("invalid");
    // A recovery code works exactly once.
    expect(await verifyTotpForLogin(t.deps.db, t.deps.secrets, row, recoveryCodes[0])).toBe(
      "recovery",
    );
    expect(await verifyTotpForLogin(t.deps.db, t.deps.secrets, row, recoveryCodes[0])).toBe(
      "invalid",
    );

    expect(await actions(ada.userId)).toEqual(["totp.setup_started", "totp.enabled"]);
    const mails = await t.deps.db
      .selectFrom("mail_outbox")
      .select("subject")
      .where("to_address", "=", ada.email)
      .execute();
    expect(mails.map((mail) => mail.subject)).toEqual([expect.stringMatching(/two-factor/i)]);
  });

  it("answers the URI's QR code as a module matrix without the quiet zone", async () => {
    const ada = await signedInUser(t, { email: "ada.qr@example.com" });
    const setup = await (await ada.call("POST", "/v1/me/totp", { password: ada.password })).json();
    const { size, rows } = setup.qr as { size: number; rows: string[] };
    // Versions 1–40 are 21 + 4 × (version − 1) modules per side.
    expect((size - 17) % 4).toBe(0);
    expect(size).toBeGreaterThanOrEqual(21);
    expect(rows).toHaveLength(size);
    for (const row of rows) expect(row).toMatch(new RegExp(`^[01]{${size}}$`));
    // The same modules as a reference encoding of the URI, so a scanner reads the same URI.
    const reference = encode(setup.uri, { ecc: "M", border: 0 });
    expect(size).toBe(reference.size);
    expect(rows).toEqual(
      reference.data.map((row) => row.map((dark) => (dark ? "1" : "0")).join("")),
    );
    // No quiet zone: the finder pattern's dark corner is the first module.
    expect(rows[0]!.slice(0, 7)).toBe("1111111");
    expect(rows[size - 1]!.slice(0, 7)).toBe("1111111");
    expect(rows[0]!.slice(-7)).toBe("1111111");
    // A second setup makes a new key, and so a different code.
    const again = await (await ada.call("POST", "/v1/me/totp", { password: ada.password })).json();
    expect(again.qr.rows).not.toEqual(rows);
  });

  it("refuses setup while on, enabling twice, and enabling without a setup", async () => {
    const ada = await signedInUser(t);
    const early = await ada.call("POST", "/v1/me/totp/enable", { code: "123456" });
    expect(early.status).toBe(409);
    expect((await early.json()).code).toBe("INVALID_STATE");
    const { key } = await enableThroughApi(ada);
    const again = await ada.call("POST", "/v1/me/totp", { password: ada.password });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe("INVALID_STATE");
    const twice = await ada.call("POST", "/v1/me/totp/enable", {
      code: generateHOTP(key, BigInt(step() + 1), 6),
    });
    expect(twice.status).toBe(409);
    expect((await userRow(ada.userId)).totp_enabled_at).toBeInstanceOf(Date);
  });

  it("replaces a pending setup: the first key no longer enables", async () => {
    const ada = await signedInUser(t);
    const first = await (await ada.call("POST", "/v1/me/totp", { password: ada.password })).json();
    const second = await (await ada.call("POST", "/v1/me/totp", { password: ada.password })).json();
    expect(second.secret).not.toBe(first.secret);
    const stale = await ada.call("POST", "/v1/me/totp/enable", {
      code: generateTOTP(decodeBase32IgnorePadding(first.secret), 30, 6),
    });
    expect(stale.status).toBe(422);
    const ok = await ada.call("POST", "/v1/me/totp/enable", {
      code: generateTOTP(decodeBase32IgnorePadding(second.secret), 30, 6),
    });
    expect(ok.status).toBe(200);
  });

  it("validates the enable body", async () => {
    const ada = await signedInUser(t);
    await ada.call("POST", "/v1/me/totp", { password: ada.password });
    for (const body of [
      { code: "12345" },
      { code: "abcdef" },
      { code: 123456 },
      {},
      { code: "123456", x: 1 },
    ]) {
      const res = await ada.call("POST", "/v1/me/totp/enable", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const text = await ada.call("POST", "/v1/me/totp/enable", undefined, {
      "content-type": "text/plain",
    });
    expect(text.status).toBe(415);
    expect((await userRow(ada.userId)).totp_enabled_at).toBeNull();
  });

  it("turns off only with the password and a fresh code", async () => {
    const ada = await signedInUser(t);
    const { key } = await enableThroughApi(ada);
    const next = generateHOTP(key, BigInt(step() + 1), 6);

    const wrongPassword = await ada.call("DELETE", "/v1/me/totp", {
      password: "nope nope nope",
      code: next,
    });
    expect(wrongPassword.status).toBe(422);
    expect((await wrongPassword.json()).errors).toEqual([
      expect.objectContaining({ field: "body.password" }),
    ]);

    const wrongCode_ = await ada.call("DELETE", "/v1/me/totp", {
      password: ada.password,
      code: wrongCode(key),
    });
    expect(wrongCode_.status).toBe(422);
    expect((await wrongCode_.json()).errors).toEqual([
      expect.objectContaining({ field: "body.code" }),
    ]);

    const missing = await ada.call("DELETE", "/v1/me/totp", { password: ada.password });
    expect((await missing.json()).errors).toEqual([
      expect.objectContaining({ field: "body.code" }),
    ]);
    expect((await userRow(ada.userId)).totp_enabled_at).toBeInstanceOf(Date);

    const off = await ada.call("DELETE", "/v1/me/totp", { password: ada.password, code: next });
    expect(off.status).toBe(204);
    const row = await userRow(ada.userId);
    expect(row).toMatchObject({
      totp_secret_encrypted: null,
      totp_enabled_at: null,
      totp_last_used_step: null,
    });
    const codes = await t.deps.db
      .selectFrom("totp_recovery_codes")
      .select("id")
      .where("user_id", "=", ada.userId)
      .execute();
    expect(codes).toHaveLength(0);
    expect((await actions(ada.userId)).slice(-1)).toEqual(["totp.disabled"]);
    const notices = await t.deps.db
      .selectFrom("mail_outbox")
      .select("subject")
      .where("to_address", "=", ada.email)
      .execute();
    expect(notices.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/is on/),
      expect.stringMatching(/is off/),
    ]);

    const notOn = await ada.call("DELETE", "/v1/me/totp", { password: ada.password, code: next });
    expect(notOn.status).toBe(409);
  });

  it("turns off with a recovery code instead of an app code", async () => {
    const ada = await signedInUser(t);
    const { recoveryCodes } = await enableThroughApi(ada);
    const off = await ada.call("DELETE", "/v1/me/totp", {
      password: ada.password,
      code: recoveryCodes[3]!.toUpperCase(),
    });
    expect(off.status).toBe(204);
    expect((await actions(ada.userId)).slice(-2)).toEqual(["recovery_code.used", "totp.disabled"]);
    expect((await userRow(ada.userId)).totp_enabled_at).toBeNull();
  });

  it("keeps each user's second factor to themselves", async () => {
    const ada = await signedInUser(t);
    const bob = await signedInUser(t);
    const adaTotp = await enableThroughApi(ada);
    await enableThroughApi(bob);
    // Ada's recovery code and current code do not turn off Bob's two-factor sign-in.
    const res = await bob.call("DELETE", "/v1/me/totp", {
      password: bob.password,
      code: adaTotp.recoveryCodes[0],
    });
    expect(res.status).toBe(422);
    const withAdaCode = await bob.call("DELETE", "/v1/me/totp", {
      password: bob.password,
      code: generateHOTP(adaTotp.key, BigInt(step() + 1), 6),
    });
    expect(withAdaCode.status).toBe(422);
    expect((await userRow(bob.userId)).totp_enabled_at).toBeInstanceOf(Date);
    expect(
      await verifyTotpForLogin(
        t.deps.db,
        t.deps.secrets,
        await userRow(ada.userId),
        adaTotp.recoveryCodes[0]!,
      ),
    ).toBe("recovery");
  });

  it("throttles wrong codes together with wrong passwords", async () => {
    const ada = await signedInUser(t);
    const { key } = await enableThroughApi(ada);
    for (let i = 0; i < 10; i++) {
      const res = await ada.call("DELETE", "/v1/me/totp", {
        password: ada.password,
        code: wrongCode(key),
      });
      expect(res.status).toBe(422);
    }
    const blocked = await ada.call("DELETE", "/v1/me/totp", {
      password: ada.password,
      code: generateHOTP(key, BigInt(step() + 1), 6),
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await userRow(ada.userId)).totp_enabled_at).toBeInstanceOf(Date);
  });
});
