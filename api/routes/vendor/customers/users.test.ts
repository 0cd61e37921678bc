import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccount } from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
let accountId: string;
beforeAll(async () => {
  t = await createTestContext();
  accountId = await insertAccount(t.deps.db, "Users Test");
});
afterAll(() => t.close());

let counter = 0;
/** A fresh address for each call, so tests do not collide on the unique email. */
const freshEmail = () => `user${++counter}-${Date.now()}@example.com`;

async function userCount(): Promise<number> {
  const row = await t.deps.db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function createUser(body: Record<string, unknown>) {
  const res = await t.vendor("POST", "/vendor/v1/users", {
    accountId,
    email: freshEmail(),
    name: "Someone",
    role: "member",
    ...body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

const problemOf = async (res: Response) =>
  (await res.json()) as { code: string; errors: { field: string; message: string }[] };

describe("Vendor API: users", () => {
  it("creates a user with a password and preferences, and never shows the hash", async () => {
    const res = await t.vendor("POST", "/vendor/v1/users", {
      accountId,
      email: "  Ada.Lovelace@Example.COM ",
      name: "Ada Lovelace",
      role: "owner",
      password: "correct horse battery staple",
      timezone: "Europe/Berlin",
      locale: "de",
    });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_[0-9A-Z]{26}$/),
      accountId,
      email: "ada.lovelace@example.com",
      name: "Ada Lovelace",
      role: "owner",
      timezone: "Europe/Berlin",
      locale: "de",
      twoFactorEnabled: false,
      passwordSet: true,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });

    const row = await t.deps.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.email).toBe("ada.lovelace@example.com");
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain("correct horse");

    const read = await t.vendor("GET", `/vendor/v1/users/${user.id}`);
    expect(await read.json()).toEqual(user);
  });

  it("defaults to no password, UTC and English", async () => {
    const user = await createUser({ name: "Plain" });
    expect(user).toMatchObject({
      name: "Plain",
      role: "member",
      timezone: "UTC",
      locale: "en",
      passwordSet: false,
      twoFactorEnabled: false,
    });
  });

  it("reports two-factor as enabled once TOTP is on", async () => {
    const user = await createUser({});
    await t.deps.db
      .updateTable("users")
      .set({ totp_enabled_at: new Date(), totp_secret_encrypted: "sealed" })
      .where("id", "=", user.id)
      .execute();
    const read = await (await t.vendor("GET", `/vendor/v1/users/${user.id}`)).json();
    expect(read.twoFactorEnabled).toBe(true);
    expect(JSON.stringify(read)).not.toContain("sealed");
  });

  it("accepts renamed IANA zones and UTC", async () => {
    for (const timezone of ["UTC", "Asia/Kolkata", "America/New_York", "Etc/GMT+5"]) {
      expect((await createUser({ timezone })).timezone).toBe(timezone);
    }
  });

  it("answers 409 for an address taken in another letter case, in any account, and writes nothing", async () => {
    const email = freshEmail();
    await createUser({ email });
    const otherAccount = await insertAccount(t.deps.db, "Other");
    const before = await userCount();
    for (const [account, spelling] of [
      [accountId, email.toUpperCase()],
      [otherAccount, ` ${email} `],
    ] as const) {
      const res = await t.vendor("POST", "/vendor/v1/users", {
        accountId: account,
        email: spelling,
        name: "Copy",
        role: "member",
        password: "another long password",
      });
      expect(res.status).toBe(409);
      const problem = await problemOf(res);
      expect(problem.code).toBe("CONFLICT");
      expect(problem.errors).toEqual([expect.objectContaining({ field: "body.email" })]);
    }
    expect(await userCount()).toBe(before);
  });

  it("answers 422 UNKNOWN_REFERENCE for an account that does not exist", async () => {
    const before = await userCount();
    for (const unknown of [
      "acc_00000000000000000000000000",
      "not-an-id",
      "usr_00000000000000000000000000",
    ]) {
      const res = await t.vendor("POST", "/vendor/v1/users", {
        accountId: unknown,
        email: freshEmail(),
        name: "Orphan",
        role: "member",
      });
      expect(res.status).toBe(422);
      const problem = await problemOf(res);
      expect(problem.code).toBe("UNKNOWN_REFERENCE");
      expect(problem.errors).toEqual([expect.objectContaining({ field: "body.accountId" })]);
    }
    expect(await userCount()).toBe(before);
  });

  it("answers 422 naming each bad field, and writes nothing", async () => {
    const before = await userCount();
    const valid = { accountId, email: freshEmail(), name: "Valid", role: "member" };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, name: 7 }, "body.name"],
      [{ ...valid, name: "n".repeat(201) }, "body.name"],
      [{ ...valid, name: "  " }, "body.name"],
      [{ ...valid, email: "not-an-email" }, "body.email"],
      [{ ...valid, email: "a@b" }, "body.email"],
      [{ ...valid, email: `${"a".repeat(250)}@example.com` }, "body.email"],
      [{ ...valid, email: ["x@example.com"] }, "body.email"],
      [{ ...valid, role: "superuser" }, "body.role"],
      [{ ...valid, timezone: "Mars/Olympus_Mons" }, "body.timezone"],
      [{ ...valid, timezone: "europe/berlin" }, "body.timezone"],
      [{ ...valid, timezone: 1 }, "body.timezone"],
      [{ ...valid, locale: "fr" }, "body.locale"],
      [{ ...valid, locale: "EN" }, "body.locale"],
      [{ ...valid, password: "short" }, "body.password"],
      [{ ...valid, password: "p".repeat(257) }, "body.password"],
      [{ ...valid, password: 123456789012 }, "body.password"],
      [{ ...valid, accountId: 5 }, "body.accountId"],
      [{ email: valid.email, name: "No account", role: "member" }, "body.accountId"],
      [{ accountId, name: "No email", role: "member" }, "body.email"],
      [{ accountId, email: valid.email, role: "member" }, "body.name"],
      [{ accountId, email: valid.email, name: "No role" }, "body.role"],
      [{ ...valid, passwordHash: "$argon2id$…" }, "body.passwordHash"],
    ];
    for (const [body, field] of cases) {
      const res = await t.vendor("POST", "/vendor/v1/users", body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(422);
      const problem = await problemOf(res);
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors.map((e) => e.field)).toEqual([field]);
    }
    expect(await userCount()).toBe(before);
  });

  it("lists users newest first, by page and by account", async () => {
    const listed = await insertAccount(t.deps.db, "Listed");
    const ids: string[] = [];
    for (const name of ["L1", "L2", "L3"]) {
      ids.push((await createUser({ accountId: listed, name })).id);
    }
    const first = await (
      await t.vendor("GET", `/vendor/v1/users?accountId=${listed}&limit=2`)
    ).json();
    expect(first.data.map((u: { name: string }) => u.name)).toEqual(["L3", "L2"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (
      await t.vendor(
        "GET",
        `/vendor/v1/users?accountId=${listed}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second.data.map((u: { name: string }) => u.name)).toEqual(["L1"]);
    expect(second.nextCursor).toBeNull();

    const all = await (await t.vendor("GET", "/vendor/v1/users?limit=100")).json();
    expect(all.data).toHaveLength(Math.min(100, await userCount()));
    expect(all.data.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining(ids));
    expect(all.data.some((u: { accountId: string }) => u.accountId !== listed)).toBe(true);
    for (const user of all.data) expect(Object.keys(user)).not.toContain("passwordHash");

    const empty = await insertAccount(t.deps.db, "Empty");
    expect(await (await t.vendor("GET", `/vendor/v1/users?accountId=${empty}`)).json()).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it("validates the accountId filter", async () => {
    const malformed = await t.vendor("GET", "/vendor/v1/users?accountId=globex");
    expect(malformed.status).toBe(422);
    expect((await problemOf(malformed)).errors).toEqual([
      expect.objectContaining({ field: "query.accountId" }),
    ]);

    const unknown = await t.vendor(
      "GET",
      "/vendor/v1/users?accountId=acc_00000000000000000000000000",
    );
    expect(unknown.status).toBe(422);
    const problem = await problemOf(unknown);
    expect(problem.code).toBe("UNKNOWN_REFERENCE");
    expect(problem.errors).toEqual([expect.objectContaining({ field: "query.accountId" })]);

    const badLimit = await t.vendor("GET", "/vendor/v1/users?limit=101");
    expect((await problemOf(badLimit)).errors).toEqual([
      expect.objectContaining({ field: "query.limit" }),
    ]);
  });

  it("updates name, role, preferences and email", async () => {
    const user = await createUser({ role: "member" });
    const newEmail = freshEmail();
    const res = await t.vendor("PATCH", `/vendor/v1/users/${user.id}`, {
      name: "Renamed",
      role: "admin",
      timezone: "America/Chicago",
      locale: "de",
      email: `  ${newEmail.toUpperCase()}`,
    });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect(updated).toMatchObject({
      id: user.id,
      accountId,
      name: "Renamed",
      role: "admin",
      timezone: "America/Chicago",
      locale: "de",
      email: newEmail,
      createdAt: user.createdAt,
    });

    // Re-sending one's own address in another case is not a conflict.
    const same = await t.vendor("PATCH", `/vendor/v1/users/${user.id}`, {
      email: newEmail.toUpperCase(),
    });
    expect(same.status).toBe(200);
    expect((await same.json()).email).toBe(newEmail);
  });

  it("rejects a bad or conflicting update without changing the user", async () => {
    const other = await createUser({});
    const user = await createUser({});
    const cases: [Record<string, unknown>, number, string][] = [
      [{ email: other.email.toUpperCase() }, 409, "body.email"],
      [{ email: "nope" }, 422, "body.email"],
      [{ timezone: "Nowhere/Land" }, 422, "body.timezone"],
      [{ locale: "es" }, 422, "body.locale"],
      [{ role: "root" }, 422, "body.role"],
      [{ name: "n".repeat(201) }, 422, "body.name"],
      [{ name: "Valid", password: "a new long password" }, 422, "body.password"],
      [{ accountId: other.accountId }, 422, "body.accountId"],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.vendor("PATCH", `/vendor/v1/users/${user.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await problemOf(res)).errors.map((e) => e.field)).toEqual([field]);
    }
    expect(await (await t.vendor("GET", `/vendor/v1/users/${user.id}`)).json()).toEqual(user);
  });

  it("keeps at least one owner per account", async () => {
    const account = await insertAccount(t.deps.db, "Owned");
    const first = await createUser({ accountId: account, role: "owner" });

    for (const role of ["admin", "member"]) {
      const res = await t.vendor("PATCH", `/vendor/v1/users/${first.id}`, {
        role,
        name: "Changed",
      });
      expect(res.status).toBe(409);
      const problem = await problemOf(res);
      expect(problem.code).toBe("INVALID_STATE");
      expect(problem.errors).toEqual([expect.objectContaining({ field: "body.role" })]);
    }
    expect(await (await t.vendor("GET", `/vendor/v1/users/${first.id}`)).json()).toEqual(first);

    // Re-stating the role and changing other fields is fine.
    const kept = await t.vendor("PATCH", `/vendor/v1/users/${first.id}`, {
      role: "owner",
      name: "Still",
    });
    expect(kept.status).toBe(200);

    // An owner of another account does not count.
    await createUser({ role: "owner" });
    expect(
      (await t.vendor("PATCH", `/vendor/v1/users/${first.id}`, { role: "admin" })).status,
    ).toBe(409);

    const second = await createUser({ accountId: account, role: "admin" });
    expect(
      (await t.vendor("PATCH", `/vendor/v1/users/${second.id}`, { role: "owner" })).status,
    ).toBe(200);
    expect(
      (await t.vendor("PATCH", `/vendor/v1/users/${first.id}`, { role: "member" })).status,
    ).toBe(200);
    const last = await t.vendor("PATCH", `/vendor/v1/users/${second.id}`, { role: "member" });
    expect(last.status).toBe(409);
  });

  it("answers 404 for unknown and malformed ids", async () => {
    for (const id of ["usr_00000000000000000000000000", "nope", "acc_00000000000000000000000000"]) {
      const read = await t.vendor("GET", `/vendor/v1/users/${id}`);
      expect(read.status).toBe(404);
      expect((await read.json()).code).toBe("NOT_FOUND");
      const patch = await t.vendor("PATCH", `/vendor/v1/users/${id}`, { name: "Ghost" });
      expect(patch.status).toBe(404);
    }
  });
});
