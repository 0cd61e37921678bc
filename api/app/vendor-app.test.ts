import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVendorApiKey, revokeVendorApiKey } from "../auth/vendor-key-service.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";

let t: TestContext;
/**
 * Every operation of the Vendor API document under `/vendor/v1`, so a new route joins
 * these tests by itself (`/healthz`, the listener's open liveness check, is not one).
 */
let operations: { method: string; path: string }[];

beforeAll(async () => {
  t = await createTestContext();
  const document = (await (await t.vendorApp.request("/vendor/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const api = Object.entries(document.paths).filter(([path]) => path.startsWith("/vendor/v1/"));
  operations = api.flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({
      method: method.toUpperCase(),
      // A well-formed id of each kind, so routing is not what fails.
      path: path.replace(/\{id\}/g, "xyz_01JDQ8W3ZJ5X2V7M4K9T6R1BNA"),
    })),
  );
});
afterAll(() => t.close());

describe("Vendor API authentication", () => {
  it("documents its routes and the bearer scheme", async () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const document = await (await t.vendorApp.request("/vendor/openapi.json")).json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.vendorKey).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });

  it("answers every route 401 alike, without detail, for a missing, malformed, unknown or revoked key", async () => {
    const revoked = await createVendorApiKey(t.deps.db, "to revoke");
    await revokeVendorApiKey(t.deps.db, revoked.id);
    const headerSets: Record<string, string>[] = [
      {},
      { authorization: "Bearer" },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer kpv_unknownunknownunknownunknownunknown" },
      { authorization: `Bearer ${revoked.key}` },
    ];
    for (const { method, path } of operations) {
      for (const headers of headerSets) {
        const res = await t.vendorApp.request(path, {
          method,
          headers: { ...headers, "content-type": "application/json" },
          ...(method === "GET" || method === "DELETE" ? {} : { body: "{}" }),
        });
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toContain("Bearer");
        const problem = await res.json();
        expect(problem.code).toBe("UNAUTHORIZED");
        expect(problem.detail).toBe("A valid vendor API key is required.");
      }
    }
  });

  it("checks the key before it reads a body: an oversized body without a key is a 401", async () => {
    const body = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), slug: "big" });
    const anonymous = await t.vendorApp.request("/vendor/v1/products", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(anonymous.status).toBe(401);
    const tooLarge = await t.vendorApp.request("/vendor/v1/products", {
      method: "POST",
      headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "application/json" },
      body,
    });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("is not served by the public listener at any of its paths, even with a valid key", async () => {
    for (const { method, path } of operations) {
      const res = await t.publicApp.request(path, {
        method,
        headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "application/json" },
        ...(method === "GET" || method === "DELETE" ? {} : { body: "{}" }),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });
});
