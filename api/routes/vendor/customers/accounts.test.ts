import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function accountCount(): Promise<number> {
  const row = await t.deps.db
    .selectFrom("accounts")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const fieldsOf = async (res: Response) =>
  ((await res.json()).errors as { field: string }[]).map((e) => e.field).sort();

describe("Vendor API: accounts", () => {
  it("creates, reads, updates and lists accounts", async () => {
    const created = await t.vendor("POST", "/vendor/v1/accounts", {
      name: "  Globex Corporation ",
      kind: "organization",
    });
    expect(created.status).toBe(201);
    const account = await created.json();
    expect(account).toEqual({
      id: expect.stringMatching(/^acc_[0-9A-Z]{26}$/),
      name: "Globex Corporation",
      kind: "organization",
      expiryWarningDays: 30,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.any(String),
    });

    const read = await t.vendor("GET", `/vendor/v1/accounts/${account.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(account);

    const updated = await t.vendor("PATCH", `/vendor/v1/accounts/${account.id}`, {
      expiryWarningDays: 14,
      kind: "individual",
    });
    expect(updated.status).toBe(200);
    const after = await updated.json();
    expect(after).toMatchObject({
      id: account.id,
      name: "Globex Corporation",
      kind: "individual",
      expiryWarningDays: 14,
      createdAt: account.createdAt,
    });
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(account.updatedAt));
    expect(await (await t.vendor("GET", `/vendor/v1/accounts/${account.id}`)).json()).toEqual(
      after,
    );
  });

  it("accepts an explicit warning window at the bounds", async () => {
    for (const days of [1, 365]) {
      const res = await t.vendor("POST", "/vendor/v1/accounts", {
        name: `Window ${days}`,
        kind: "individual",
        expiryWarningDays: days,
      });
      expect(res.status).toBe(201);
      expect((await res.json()).expiryWarningDays).toBe(days);
    }
  });

  it("pages through accounts newest first", async () => {
    const names = ["Page A", "Page B", "Page C"];
    for (const name of names) {
      expect(
        (await t.vendor("POST", "/vendor/v1/accounts", { name, kind: "individual" })).status,
      ).toBe(201);
    }
    const total = await accountCount();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await (await t.vendor("GET", `/vendor/v1/accounts${query}`)).json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((a: { name: string }) => a.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.slice(0, 3)).toEqual(["Page C", "Page B", "Page A"]);
  });

  it("answers 422 naming each bad field, and writes nothing", async () => {
    const before = await accountCount();
    const cases: [unknown, string[]][] = [
      [{ name: 42, kind: "organization" }, ["body.name"]],
      [{ kind: "organization" }, ["body.name"]],
      [{ name: "X" }, ["body.kind"]],
      [{ name: "X", kind: "company" }, ["body.kind"]],
      [{ name: "   ", kind: "organization" }, ["body.name"]],
      [{ name: "x".repeat(201), kind: "organization" }, ["body.name"]],
      [{ name: "X", kind: "organization", expiryWarningDays: 0 }, ["body.expiryWarningDays"]],
      [{ name: "X", kind: "organization", expiryWarningDays: 366 }, ["body.expiryWarningDays"]],
      [{ name: "X", kind: "organization", expiryWarningDays: 2.5 }, ["body.expiryWarningDays"]],
      [{ name: "X", kind: "organization", expiryWarningDays: "30" }, ["body.expiryWarningDays"]],
      [{ name: "X", kind: "organization", owner: "me" }, ["body.owner"]],
    ];
    for (const [body, fields] of cases) {
      const res = await t.vendor("POST", "/vendor/v1/accounts", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await res.clone().json();
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(await fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
    expect(await accountCount()).toBe(before);

    // An unknown field is named in the message (the field path is the body itself).
    const unknown = await t.vendor("POST", "/vendor/v1/accounts", {
      name: "X",
      kind: "organization",
      owner: "me",
    });
    expect((await unknown.json()).detail).toContain("owner");
  });

  it("rejects a bad update without changing the account", async () => {
    const account = await (
      await t.vendor("POST", "/vendor/v1/accounts", { name: "Stable", kind: "organization" })
    ).json();
    for (const body of [
      { expiryWarningDays: 400 },
      { name: null },
      { kind: "team" },
      { id: "acc_00000000000000000000000000" },
    ]) {
      const res = await t.vendor("PATCH", `/vendor/v1/accounts/${account.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(await (await t.vendor("GET", `/vendor/v1/accounts/${account.id}`)).json()).toEqual(
      account,
    );
  });

  it("answers 404 for unknown and malformed ids", async () => {
    for (const id of [
      "acc_00000000000000000000000000",
      "nonsense",
      "usr_00000000000000000000000000",
    ]) {
      const read = await t.vendor("GET", `/vendor/v1/accounts/${id}`);
      expect(read.status).toBe(404);
      expect((await read.json()).code).toBe("NOT_FOUND");
      const patch = await t.vendor("PATCH", `/vendor/v1/accounts/${id}`, { name: "Ghost" });
      expect(patch.status).toBe(404);
    }
  });

  it("answers 422 for a bad limit or cursor", async () => {
    expect(await fieldsOf(await t.vendor("GET", "/vendor/v1/accounts?limit=0"))).toEqual([
      "query.limit",
    ]);
    expect(await fieldsOf(await t.vendor("GET", "/vendor/v1/accounts?cursor=zzz"))).toEqual([
      "query.cursor",
    ]);
  });
});
