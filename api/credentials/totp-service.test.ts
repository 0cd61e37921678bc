import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "../core/secret-box.ts";
import { hashSecretToken } from "../core/secret-token.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import { insertAccount, insertUser } from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import {
  enableTotp,
  generateRecoveryCode,
  normalizeRecoveryCode,
  startTotpSetup,
  verifyTotpForLogin,
} from "./totp-service.ts";

let database: DatabaseHandle;
let accountId: string;
const secrets = createSecretBox(randomBytes(32));
beforeAll(async () => {
  database = await createTestDatabase();
  accountId = await insertAccount(database.db);
});
afterAll(() => database.close());

const stepOf = (at: Date) => Math.floor(at.getTime() / 30_000);
const codeAt = (key: Uint8Array, step: number) => generateHOTP(key, BigInt(step), 6);

/** A user with two-factor sign-in on, enabled at `at`; answers the key and recovery codes. */
async function userWithTotp(at: Date) {
  const db = database.db;
  const email = `${randomBytes(5).toString("hex")}@example.com`;
  const id = await insertUser(db, accountId, "owner", email);
  const setup = await startTotpSetup(db, secrets, { id, email });
  if (!setup) throw new Error("setup refused");
  const key = decodeBase32IgnorePadding(setup.secret);
  const enabled = await enableTotp(db, secrets, id, codeAt(key, stepOf(at)), at);
  if (enabled.status !== "enabled") throw new Error(`enable: ${enabled.status}`);
  return { id, key, setup, recoveryCodes: enabled.recoveryCodes };
}

async function loadUser(id: string) {
  return database.db
    .selectFrom("users")
    .select(["id", "totp_secret_encrypted", "totp_last_used_step", "totp_enabled_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

describe("verifyTotpForLogin", () => {
  it("accepts a fresh code once and refuses its replay", async () => {
    const enabledAt = new Date("2030-01-01T10:00:00Z");
    const { id, key } = await userWithTotp(enabledAt);
    const later = new Date(enabledAt.getTime() + 5 * 60_000);
    const code = codeAt(key, stepOf(later));
    expect(await verifyTotpForLogin(database.db, secrets, await loadUser(id), code, later)).toBe(
      "ok",
    );
    expect((await loadUser(id)).totp_last_used_step).toBe(stepOf(later));
    // The same code again, with a fresh or with the stale user row: refused.
    expect(await verifyTotpForLogin(database.db, secrets, await loadUser(id), code, later)).toBe(
      "invalid",
    );
    const stale = { ...(await loadUser(id)), totp_last_used_step: stepOf(enabledAt) };
    expect(await verifyTotpForLogin(database.db, secrets, stale, code, later)).toBe("invalid");
  });

  it("refuses a step at or below the last used one, even inside the window", async () => {
    const now = new Date("2030-01-02T10:00:00Z");
    const { id, key } = await userWithTotp(now);
    // The code of the step before was never used, but a newer step was (at enabling).
    const previous = codeAt(key, stepOf(now) - 1);
    expect(await verifyTotpForLogin(database.db, secrets, await loadUser(id), previous, now)).toBe(
      "invalid",
    );
    // The next step (clock drift) is fine, once.
    const next = codeAt(key, stepOf(now) + 1);
    expect(await verifyTotpForLogin(database.db, secrets, await loadUser(id), next, now)).toBe(
      "ok",
    );
    expect(await verifyTotpForLogin(database.db, secrets, await loadUser(id), next, now)).toBe(
      "invalid",
    );
  });

  it("accepts ±1 step of drift and nothing further", async () => {
    const enabledAt = new Date("2030-01-03T10:00:00Z");
    const { id, key } = await userWithTotp(enabledAt);
    const now = new Date(enabledAt.getTime() + 3600_000);
    const user = await loadUser(id);
    expect(
      await verifyTotpForLogin(database.db, secrets, user, codeAt(key, stepOf(now) - 2), now),
    ).toBe("invalid");
    expect(
      await verifyTotpForLogin(database.db, secrets, user, codeAt(key, stepOf(now) + 2), now),
    ).toBe("invalid");
    expect(
      await verifyTotpForLogin(database.db, secrets, user, codeAt(key, stepOf(now) - 1), now),
    ).toBe("ok");
  });

  it("lets only one of two concurrent uses of a code pass", async () => {
    const enabledAt = new Date("2030-01-04T10:00:00Z");
    const { id, key } = await userWithTotp(enabledAt);
    const now = new Date(enabledAt.getTime() + 60_000);
    const user = await loadUser(id);
    const code = codeAt(key, stepOf(now));
    const results = await Promise.all(
      Array.from({ length: 4 }, () => verifyTotpForLogin(database.db, secrets, user, code, now)),
    );
    expect(results.filter((result) => result === "ok")).toHaveLength(1);
  });

  it("accepts each recovery code exactly once, typed in any case and with or without hyphen", async () => {
    const { id, recoveryCodes } = await userWithTotp(new Date("2030-01-05T10:00:00Z"));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const [first, second] = recoveryCodes as [string, string];
    const user = await loadUser(id);
    expect(await verifyTotpForLogin(database.db, secrets, user, first)).toBe("recovery");
    expect(await verifyTotpForLogin(database.db, secrets, user, first)).toBe("invalid");
    const typed = ` ${second.toUpperCase().replace("-", "")} `;
    expect(await verifyTotpForLogin(database.db, secrets, user, typed)).toBe("recovery");
    expect(await verifyTotpForLogin(database.db, secrets, user, second)).toBe("invalid");
    // Stored only as SHA-256.
    const rows = await database.db
      .selectFrom("totp_recovery_codes")
      .select(["code_hash", "used_at"])
      .where("user_id", "=", id)
      .execute();
    expect(rows.map((row) => row.code_hash).sort()).toEqual(
      recoveryCodes.map((code) => hashSecretToken(code)).sort(),
    );
    expect(rows.filter((row) => row.used_at !== null)).toHaveLength(2);
  });

  it("refuses another user's recovery code, junk and a user without two-factor", async () => {
    const alice = await userWithTotp(new Date("2030-01-06T10:00:00Z"));
    const bob = await userWithTotp(new Date("2030-01-06T10:00:00Z"));
    const bobUser = await loadUser(bob.id);
    expect(await verifyTotpForLogin(database.db, secrets, bobUser, alice.recoveryCodes[0]!)).toBe(
      "invalid",
    );
    for (const junk of ["", "12345", "1234567", "abcdef", "xxxxx-xxxxx-x"]) {
      expect(await verifyTotpForLogin(database.db, secrets, bobUser, junk)).toBe("invalid");
    }
    const plain = await insertUser(database.db, accountId);
    const code = generateTOTP(alice.key, 30, 6);
    expect(await verifyTotpForLogin(database.db, secrets, await loadUser(plain), code)).toBe(
      "invalid",
    );
  });

  it("keeps the key sealed at rest and bound to its user", async () => {
    const { id, setup } = await userWithTotp(new Date("2030-01-07T10:00:00Z"));
    const row = await loadUser(id);
    expect(row.totp_secret_encrypted).toMatch(/^v1\./);
    expect(row.totp_secret_encrypted).not.toContain(setup.secret);
    // A sealed key copied onto another user's row does not open there.
    const other = await insertUser(database.db, accountId);
    expect(() => secrets.open(row.totp_secret_encrypted!, other)).toThrow();
  });
});

describe("recovery codes", () => {
  it("look like xxxxx-xxxxx in lower-case Crockford base32", () => {
    for (let i = 0; i < 100; i++) {
      expect(generateRecoveryCode()).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    }
  });

  it("normalise what people type", () => {
    expect(normalizeRecoveryCode("ABCDE-FGH1J")).toBe("abcde-fgh1j");
    expect(normalizeRecoveryCode("abcdefghij")).toBe("abcde-fgh1j");
    expect(normalizeRecoveryCode("0OoIl-12345")).toBe("00011-12345");
    expect(normalizeRecoveryCode("abcde-fghu1")).toBeNull();
    expect(normalizeRecoveryCode("abcd")).toBeNull();
  });
});
