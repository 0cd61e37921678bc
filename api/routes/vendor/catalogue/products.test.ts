import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/harness.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe("Vendor API: products", () => {
  it("creates, reads, updates and lists products", async () => {
    const created = await t.vendor("POST", "/vendor/v1/products", {
      name: "Acme Studio",
      slug: "acme-studio",
    });
    expect(created.status).toBe(201);
    const product = await created.json();
    expect(product).toMatchObject({ name: "Acme Studio", slug: "acme-studio", description: null });
    expect(product.id).toMatch(/^prd_[0-9A-Z]{26}$/);

    const read = await t.vendor("GET", `/vendor/v1/products/${product.id}`);
    expect(await read.json()).toEqual(product);

    const updated = await t.vendor("PATCH", `/vendor/v1/products/${product.id}`, {
      description: "Editor",
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      id: product.id,
      slug: "acme-studio",
      description: "Editor",
    });

    await t.vendor("POST", "/vendor/v1/products", { name: "Second", slug: "second" });
    await t.vendor("POST", "/vendor/v1/products", { name: "Third", slug: "third" });
    const first = await (await t.vendor("GET", "/vendor/v1/products?limit=2")).json();
    expect(first.data.map((p: { slug: string }) => p.slug)).toEqual(["third", "second"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (
      await t.vendor("GET", `/vendor/v1/products?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.data.map((p: { slug: string }) => p.slug)).toEqual(["acme-studio"]);
    expect(second.nextCursor).toBeNull();
  });

  it("answers 409 naming the slug when it is taken, and writes nothing", async () => {
    await t.vendor("POST", "/vendor/v1/products", { name: "One", slug: "taken" });
    const res = await t.vendor("POST", "/vendor/v1/products", { name: "Two", slug: "taken" });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json();
    expect(problem).toMatchObject({
      status: 409,
      code: "CONFLICT",
      errors: [{ field: "body.slug" }],
    });
    const count = await t.deps.db
      .selectFrom("products")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("slug", "=", "taken")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("answers 422 naming each bad field", async () => {
    const res = await t.vendor("POST", "/vendor/v1/products", { name: 42, slug: "Not A Slug" });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.code).toBe("VALIDATION_FAILED");
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "body.name",
      "body.slug",
    ]);

    const missing = await t.vendor("POST", "/vendor/v1/products", { name: "No slug" });
    expect((await missing.json()).errors).toEqual([
      expect.objectContaining({ field: "body.slug" }),
    ]);

    const unknown = await t.vendor("POST", "/vendor/v1/products", {
      name: "X",
      slug: "x",
      extra: 1,
    });
    expect(unknown.status).toBe(422);

    const badLimit = await t.vendor("GET", "/vendor/v1/products?limit=500");
    expect((await badLimit.json()).errors).toEqual([
      expect.objectContaining({ field: "query.limit" }),
    ]);

    const badCursor = await t.vendor("GET", "/vendor/v1/products?cursor=nonsense");
    expect((await badCursor.json()).errors).toEqual([
      expect.objectContaining({ field: "query.cursor" }),
    ]);
  });

  it("answers 400 for malformed JSON and 404 for unknown ids", async () => {
    const res = await t.vendorApp.request("/vendor/v1/products", {
      method: "POST",
      headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("MALFORMED_JSON");

    const missing = await t.vendor("GET", "/vendor/v1/products/prd_00000000000000000000000000");
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe("NOT_FOUND");
  });

  it("answers 401 without detail for a missing, wrong or revoked key", async () => {
    for (const authorization of [
      undefined,
      "Bearer kpv_wrong",
      "Basic abc",
      `Bearer ${t.vendorKey}x`,
    ]) {
      const res = await t.vendorApp.request("/vendor/v1/products", {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      const problem = await res.json();
      expect(problem.code).toBe("UNAUTHORIZED");
      expect(problem.detail).toBe("A valid vendor API key is required.");
    }
  });
});
