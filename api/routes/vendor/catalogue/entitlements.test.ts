import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function entitlementCount(): Promise<number> {
  const row = await t.deps.db
    .selectFrom("entitlements")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const problemOf = async (res: Response) =>
  (await res.json()) as { code: string; detail: string; errors: { field: string }[] };

describe("Vendor API: entitlements", () => {
  it("creates, reads, renames and lists entitlements", async () => {
    const created = await t.vendor("POST", "/vendor/v1/entitlements", {
      code: "export.pdf",
      name: " PDF export ",
    });
    expect(created.status).toBe(201);
    const entitlement = await created.json();
    expect(entitlement).toEqual({
      id: expect.stringMatching(/^ent_[0-9A-Z]{26}$/),
      code: "export.pdf",
      name: "PDF export",
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    expect(
      await (await t.vendor("GET", `/vendor/v1/entitlements/${entitlement.id}`)).json(),
    ).toEqual(entitlement);

    const renamed = await t.vendor("PATCH", `/vendor/v1/entitlements/${entitlement.id}`, {
      name: "Export to PDF",
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({
      id: entitlement.id,
      code: "export.pdf",
      name: "Export to PDF",
      createdAt: entitlement.createdAt,
    });
  });

  it("accepts codes at the edges of the pattern", async () => {
    for (const code of ["a", "9", `a${"b".repeat(63)}`, "sso_v2-beta.1"]) {
      const res = await t.vendor("POST", "/vendor/v1/entitlements", { code, name: code });
      expect(res.status, code).toBe(201);
    }
  });

  it("pages through entitlements newest first", async () => {
    for (const code of ["page-1", "page-2", "page-3"]) {
      await t.vendor("POST", "/vendor/v1/entitlements", { code, name: code });
    }
    const first = await (await t.vendor("GET", "/vendor/v1/entitlements?limit=2")).json();
    expect(first.data.map((e: { code: string }) => e.code)).toEqual(["page-3", "page-2"]);
    const codes: string[] = first.data.map((e: { code: string }) => e.code);
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = await (
        await t.vendor("GET", `/vendor/v1/entitlements?limit=2&cursor=${cursor}`)
      ).json();
      codes.push(...page.data.map((e: { code: string }) => e.code));
      cursor = page.nextCursor;
    }
    expect(codes).toHaveLength(await entitlementCount());
    expect(codes.indexOf("page-1")).toBe(2);
  });

  it("answers 409 naming the code when it is taken, and writes nothing", async () => {
    await t.vendor("POST", "/vendor/v1/entitlements", { code: "sso", name: "Single sign-on" });
    const before = await entitlementCount();
    const res = await t.vendor("POST", "/vendor/v1/entitlements", { code: "sso", name: "Again" });
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.code).toBe("CONFLICT");
    expect(problem.errors).toEqual([expect.objectContaining({ field: "body.code" })]);
    expect(await entitlementCount()).toBe(before);
  });

  it("answers 422 naming each bad field, and writes nothing", async () => {
    const before = await entitlementCount();
    const cases: [unknown, string][] = [
      [{ code: 1, name: "Number" }, "body.code"],
      [{ name: "No code" }, "body.code"],
      [{ code: "no-name" }, "body.name"],
      [{ code: "SSO", name: "Upper case" }, "body.code"],
      [{ code: "-lead", name: "Leading dash" }, "body.code"],
      [{ code: ".lead", name: "Leading dot" }, "body.code"],
      [{ code: "has space", name: "Space" }, "body.code"],
      [{ code: "", name: "Empty" }, "body.code"],
      [{ code: `a${"b".repeat(64)}`, name: "65 characters" }, "body.code"],
      [{ code: "ok", name: "n".repeat(201) }, "body.name"],
      [{ code: "ok", name: "" }, "body.name"],
      [{ code: "ok", name: "Ok", premium: true }, "body.premium"],
    ];
    for (const [body, field] of cases) {
      const res = await t.vendor("POST", "/vendor/v1/entitlements", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await problemOf(res);
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors.map((e) => e.field)).toEqual([field]);
    }
    expect(await entitlementCount()).toBe(before);
  });

  it("keeps the code immutable", async () => {
    const entitlement = await (
      await t.vendor("POST", "/vendor/v1/entitlements", { code: "fixed", name: "Fixed" })
    ).json();
    const res = await t.vendor("PATCH", `/vendor/v1/entitlements/${entitlement.id}`, {
      code: "moved",
      name: "Moved",
    });
    expect(res.status).toBe(422);
    expect((await problemOf(res)).detail).toContain("code");
    expect(
      await (await t.vendor("GET", `/vendor/v1/entitlements/${entitlement.id}`)).json(),
    ).toEqual(entitlement);
  });

  it("answers 404 for unknown and malformed ids", async () => {
    for (const id of ["ent_00000000000000000000000000", "sso", "prd_00000000000000000000000000"]) {
      const read = await t.vendor("GET", `/vendor/v1/entitlements/${id}`);
      expect(read.status).toBe(404);
      expect((await read.json()).code).toBe("NOT_FOUND");
      const patch = await t.vendor("PATCH", `/vendor/v1/entitlements/${id}`, { name: "Ghost" });
      expect(patch.status).toBe(404);
    }
  });
});
