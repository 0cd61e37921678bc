import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../core/errors.ts";
import { verifyPassword } from "../credentials/password.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import { insertAccount, insertUser } from "../test/fixtures.ts";
import { createTestDatabase } from "../test/harness.ts";
import { createUser, getUserByEmail, normalizeEmail, updateUser } from "./user-service.ts";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("normalizeEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Ada@Example.COM\t")).toBe("ada@example.com");
  });
});

describe("createUser", () => {
  it("stores a verifiable hash and finds the user by any spelling of the address", async () => {
    const accountId = await insertAccount(database.db);
    const user = await createUser(database.db, {
      accountId,
      email: "Grace@Example.com",
      name: "Grace",
      role: "owner",
      password: "a long enough password",
    });
    expect(user.email).toBe("grace@example.com");
    expect(await verifyPassword(user.password_hash, "a long enough password")).toBe(true);
    expect((await getUserByEmail(database.db, " GRACE@example.COM "))?.id).toBe(user.id);
    expect(await getUserByEmail(database.db, "nobody@example.com")).toBeNull();
  });

  it("can run inside a caller's transaction, which then rolls it back", async () => {
    const accountId = await insertAccount(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await createUser(trx, { accountId, email: "rolled@example.com", name: "R", role: "owner" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await getUserByEmail(database.db, "rolled@example.com")).toBeNull();
  });
});

describe("updateUser", () => {
  it("answers null for an unknown user", async () => {
    expect(
      await updateUser(database.db, "usr_00000000000000000000000000", { name: "X" }),
    ).toBeNull();
  });

  it("does not let two concurrent demotions take an account's last two owners", async () => {
    const accountId = await insertAccount(database.db);
    const a = await insertUser(database.db, accountId, "owner");
    const b = await insertUser(database.db, accountId, "owner");

    // Demote `a` in a transaction that stays open while `b` is demoted alongside it:
    // without the account lock, `b`'s check would still see `a` as an owner.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let demoted!: () => void;
    const aDemoted = new Promise<void>((resolve) => {
      demoted = resolve;
    });
    const first = database.db.transaction().execute(async (trx) => {
      const row = await updateUser(trx, a, { role: "member" });
      demoted();
      await gate;
      return row;
    });
    await aDemoted;
    const second = updateUser(database.db, b, { role: "member" }).then(
      (row) => row,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();

    expect((await first)?.role).toBe("member");
    const outcome = await second;
    expect(outcome).toBeInstanceOf(InputError);
    expect(outcome).toMatchObject({ kind: "invalid_state", field: "body.role" });
    const owners = await database.db
      .selectFrom("users")
      .select("id")
      .where("account_id", "=", accountId)
      .where("role", "=", "owner")
      .execute();
    expect(owners.map((o) => o.id)).toEqual([b]);
  });
});
