import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertEntitlement, insertProduct } from "../../../test/fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
let productId: string;
let otherProductId: string;
beforeAll(async () => {
  t = await createTestContext();
  productId = await insertProduct(t.deps.db, "studio");
  otherProductId = await insertProduct(t.deps.db, "cloud");
  await insertEntitlement(t.deps.db, "sso");
  await insertEntitlement(t.deps.db, "export");
});
afterAll(() => t.close());

const basePolicy = () => ({
  productId,
  name: "Standard",
  maxMachines: 3,
  maxDomains: 0,
  expirationStrategy: "restrict",
});

async function countPolicies(): Promise<number> {
  const row = await t.deps.db
    .selectFrom("policies")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function fieldsOf(res: Response): Promise<string[]> {
  const problem = await res.json();
  return problem.errors.map((e: { field: string }) => e.field).sort();
}

describe("Vendor API: policies", () => {
  it("creates a policy with defaults and reads it back", async () => {
    const res = await t.vendor("POST", "/vendor/v1/policies", basePolicy());
    expect(res.status).toBe(201);
    const policy = await res.json();
    expect(policy).toEqual({
      id: expect.stringMatching(/^pol_[0-9A-Z]{26}$/),
      productId,
      name: "Standard",
      maxMachines: 3,
      maxDomains: 0,
      durationDays: null,
      expirationStrategy: "restrict",
      heartbeatSeconds: null,
      deactivationLimit: null,
      deactivationWindowDays: 30,
      protected: false,
      entitlements: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(new Date(policy.createdAt).toISOString()).toBe(policy.createdAt);

    const read = await t.vendor("GET", `/vendor/v1/policies/${policy.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(policy);
  });

  it("stores every field and the default entitlements as codes", async () => {
    const res = await t.vendor("POST", "/vendor/v1/policies", {
      ...basePolicy(),
      name: "Annual",
      durationDays: 365,
      heartbeatSeconds: 600,
      deactivationLimit: 2,
      deactivationWindowDays: 7,
      protected: true,
      expirationStrategy: "maintain",
      entitlements: ["sso", "export", "sso"],
    });
    expect(res.status).toBe(201);
    const policy = await res.json();
    expect(policy).toMatchObject({
      durationDays: 365,
      heartbeatSeconds: 600,
      deactivationLimit: 2,
      deactivationWindowDays: 7,
      protected: true,
      expirationStrategy: "maintain",
      entitlements: ["export", "sso"],
    });
    const links = await t.deps.db
      .selectFrom("policy_entitlements")
      .selectAll()
      .where("policy_id", "=", policy.id)
      .execute();
    expect(links).toHaveLength(2);
  });

  it("updates fields, replaces entitlements and keeps the product", async () => {
    const created = await (
      await t.vendor("POST", "/vendor/v1/policies", { ...basePolicy(), entitlements: ["sso"] })
    ).json();
    const res = await t.vendor("PATCH", `/vendor/v1/policies/${created.id}`, {
      name: "Renamed",
      maxMachines: 10,
      durationDays: 30,
      heartbeatSeconds: null,
      entitlements: ["export"],
    });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect(updated).toMatchObject({
      id: created.id,
      productId,
      name: "Renamed",
      maxMachines: 10,
      maxDomains: 0,
      durationDays: 30,
      entitlements: ["export"],
      deactivationWindowDays: 30,
      protected: false,
    });
    expect(updated.updatedAt >= created.updatedAt).toBe(true);

    const cleared = await t.vendor("PATCH", `/vendor/v1/policies/${created.id}`, {
      durationDays: null,
      entitlements: [],
    });
    expect(await cleared.json()).toMatchObject({ durationDays: null, entitlements: [] });

    const moved = await t.vendor("PATCH", `/vendor/v1/policies/${created.id}`, {
      productId: otherProductId,
    });
    expect(moved.status).toBe(422);
    expect(await fieldsOf(moved)).toEqual(["body.productId"]);
    const after = await (await t.vendor("GET", `/vendor/v1/policies/${created.id}`)).json();
    expect(after.productId).toBe(productId);
  });

  it("lists newest first, pages with a cursor and filters by product", async () => {
    const own = await insertProduct(t.deps.db);
    const ids: string[] = [];
    for (const name of ["A", "B", "C"]) {
      const res = await t.vendor("POST", "/vendor/v1/policies", {
        ...basePolicy(),
        productId: own,
        name,
      });
      ids.push((await res.json()).id);
    }
    const first = await (
      await t.vendor("GET", `/vendor/v1/policies?productId=${own}&limit=2`)
    ).json();
    expect(first.data.map((p: { name: string }) => p.name)).toEqual(["C", "B"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (
      await t.vendor(
        "GET",
        `/vendor/v1/policies?productId=${own}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(second.data.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    const all = await (await t.vendor("GET", "/vendor/v1/policies?limit=100")).json();
    expect(all.data.length).toBeGreaterThan(3);
    expect(all.data.some((p: { productId: string }) => p.productId !== own)).toBe(true);

    const none = await (await t.vendor("GET", "/vendor/v1/policies?productId=prd_nothing")).json();
    expect(none).toEqual({ data: [], nextCursor: null });
  });

  it("answers 422 UNKNOWN_REFERENCE for an unknown product or entitlement, writing nothing", async () => {
    const before = await countPolicies();
    const product = await t.vendor("POST", "/vendor/v1/policies", {
      ...basePolicy(),
      productId: "prd_00000000000000000000000000",
    });
    expect(product.status).toBe(422);
    const problem = await product.json();
    expect(problem).toMatchObject({
      code: "UNKNOWN_REFERENCE",
      errors: [{ field: "body.productId" }],
    });

    const code = await t.vendor("POST", "/vendor/v1/policies", {
      ...basePolicy(),
      entitlements: ["sso", "teleport"],
    });
    expect(code.status).toBe(422);
    const codeProblem = await code.json();
    expect(codeProblem).toMatchObject({
      code: "UNKNOWN_REFERENCE",
      errors: [{ field: "body.entitlements" }],
    });
    expect(codeProblem.detail).toContain("teleport");
    expect(await countPolicies()).toBe(before);
  });

  it("rolls back an update whose entitlements are unknown", async () => {
    const created = await (
      await t.vendor("POST", "/vendor/v1/policies", { ...basePolicy(), entitlements: ["sso"] })
    ).json();
    const res = await t.vendor("PATCH", `/vendor/v1/policies/${created.id}`, {
      name: "Never",
      entitlements: ["nope"],
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      expect.objectContaining({ field: "body.entitlements" }),
    ]);
    const after = await (await t.vendor("GET", `/vendor/v1/policies/${created.id}`)).json();
    expect(after).toEqual(created);
  });

  it("answers 422 naming each invalid field", async () => {
    const before = await countPolicies();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...basePolicy(), maxMachines: -1 }, ["body.maxMachines"]],
      [{ ...basePolicy(), maxDomains: 1.5 }, ["body.maxDomains"]],
      [{ ...basePolicy(), maxMachines: "3" }, ["body.maxMachines"]],
      [{ ...basePolicy(), durationDays: 0 }, ["body.durationDays"]],
      [{ ...basePolicy(), heartbeatSeconds: 59 }, ["body.heartbeatSeconds"]],
      [{ ...basePolicy(), deactivationLimit: -2 }, ["body.deactivationLimit"]],
      [{ ...basePolicy(), deactivationWindowDays: 0 }, ["body.deactivationWindowDays"]],
      [{ ...basePolicy(), expirationStrategy: "explode" }, ["body.expirationStrategy"]],
      [{ ...basePolicy(), protected: "yes" }, ["body.protected"]],
      [{ ...basePolicy(), entitlements: "sso" }, ["body.entitlements"]],
      [{ ...basePolicy(), entitlements: [1] }, ["body.entitlements.0"]],
      [{ ...basePolicy(), name: "   " }, ["body.name"]],
      [{ ...basePolicy(), extra: true }, ["body.extra"]],
      [
        { name: "Only a name" },
        ["body.expirationStrategy", "body.maxDomains", "body.maxMachines", "body.productId"],
      ],
    ];
    for (const [body, fields] of cases) {
      const res = await t.vendor("POST", "/vendor/v1/policies", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
    expect(await countPolicies()).toBe(before);

    const created = await (await t.vendor("POST", "/vendor/v1/policies", basePolicy())).json();
    const patch = await t.vendor("PATCH", `/vendor/v1/policies/${created.id}`, {
      maxMachines: -5,
      heartbeatSeconds: 10,
    });
    expect(patch.status).toBe(422);
    expect(await fieldsOf(patch)).toEqual(["body.heartbeatSeconds", "body.maxMachines"]);

    const badLimit = await t.vendor("GET", "/vendor/v1/policies?limit=0");
    expect(await fieldsOf(badLimit)).toEqual(["query.limit"]);
    const badCursor = await t.vendor("GET", "/vendor/v1/policies?cursor=zzz");
    expect(await fieldsOf(badCursor)).toEqual(["query.cursor"]);
  });

  it("answers 404 for an unknown policy", async () => {
    const missing = "pol_00000000000000000000000000";
    const read = await t.vendor("GET", `/vendor/v1/policies/${missing}`);
    expect(read.status).toBe(404);
    expect((await read.json()).code).toBe("NOT_FOUND");
    const patch = await t.vendor("PATCH", `/vendor/v1/policies/${missing}`, { name: "X" });
    expect(patch.status).toBe(404);
    const malformed = await t.vendor("GET", "/vendor/v1/policies/not-an-id");
    expect(malformed.status).toBe(404);
  });
});
