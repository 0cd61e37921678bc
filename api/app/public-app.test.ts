import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../test/harness.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  t.publicApp.request(path, { headers });

/** The headers every answer of either listener carries. */
function expectCommonHeaders(res: Response): void {
  expect(res.headers.get("x-request-id")).toMatch(/^[\w-]{8,64}$/);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("cross-origin-resource-policy")).toBe("same-site");
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
}

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const problem = await res.json();
  expect(problem).toMatchObject({ type: "about:blank", status, code });
  expect(typeof problem.title).toBe("string");
  expect(problem.requestId).toBe(res.headers.get("x-request-id"));
  return problem;
}

describe("public app: service endpoints", () => {
  it("answers /healthz and /readyz", async () => {
    const health = await get("/healthz");
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toContain("application/json");
    expect(await health.json()).toEqual({ status: "ok" });
    expectCommonHeaders(health);

    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ok" });
  });

  it("describes itself as OpenAPI 3.1 at /openapi.json, without any vendor path", async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    const document = await res.json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe("Keyport API");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/healthz", "/readyz"]));
    expect(Object.keys(document.paths).filter((path) => path.startsWith("/vendor"))).toEqual([]);
  });

  it("serves the reference UI at /docs under a strict CSP, with its assets from this origin", async () => {
    const page = await get("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expectCommonHeaders(page);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain("/openapi.json");

    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual([
      "/docs/assets/swagger-ui-dist/swagger-ui.css",
      "/docs/assets/swagger-ui-dist/swagger-ui-bundle.js",
    ]);
    for (const asset of assets) {
      const res = await get(asset);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/(css|javascript)/);
      expectCommonHeaders(res);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
    await expectProblem(await get("/docs/assets/swagger-ui-dist/package.json"), 404, "NOT_FOUND");
    await expectProblem(
      await get("/docs/assets/swagger-ui-dist/..%2Fpackage.json"),
      404,
      "NOT_FOUND",
    );
  });
});

describe("public app: errors and headers", () => {
  it("answers unknown routes with a 404 problem naming the request", async () => {
    const res = await get("/nope");
    expectCommonHeaders(res);
    const problem = await expectProblem(res, 404, "NOT_FOUND");
    expect(problem.detail).toContain("/nope");

    const post = await t.publicApp.request("/v1/nothing", { method: "POST" });
    await expectProblem(post, 404, "NOT_FOUND");
  });

  it("keeps a caller's request id, and makes one otherwise", async () => {
    const res = await get("/nope", { "x-request-id": "trace-1234abcd" });
    expect(res.headers.get("x-request-id")).toBe("trace-1234abcd");
    expect((await res.json()).requestId).toBe("trace-1234abcd");

    const [a, b] = await Promise.all([get("/healthz"), get("/healthz")]);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });

  it("answers malformed JSON with 400 MALFORMED_JSON (on the Vendor API: the public app takes no JSON yet)", async () => {
    const res = await t.vendorApp.request("/vendor/v1/products", {
      method: "POST",
      headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "application/json" },
      body: '{"name": "Broken",',
    });
    expectCommonHeaders(res);
    await expectProblem(res, 400, "MALFORMED_JSON");
  });

  it("answers an oversized JSON body with 413 before reading it all", async () => {
    const res = await t.vendorApp.request("/vendor/v1/products", {
      method: "POST",
      headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(1024 * 1024 + 1), slug: "big" }),
    });
    await expectProblem(res, 413, "PAYLOAD_TOO_LARGE");
  });
});

describe("the Vendor API is only on its own listener", () => {
  const vendorPaths = [
    "/vendor/openapi.json",
    "/vendor/docs",
    "/vendor/docs/assets/swagger-ui-dist/swagger-ui-bundle.js",
    "/vendor/v1/products",
  ];

  it("the vendor app serves its document, reference and resources", async () => {
    for (const path of vendorPaths) {
      const res = await t.vendorApp.request(path, {
        headers: { authorization: `Bearer ${t.vendorKey}` },
      });
      expect(res.status, path).toBe(200);
      expectCommonHeaders(res);
    }
    const document = await (await t.vendorApp.request("/vendor/openapi.json")).json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/vendor/v1/products");
  });

  it("the public app answers 404 for every vendor path, even with a valid vendor key", async () => {
    for (const path of vendorPaths) {
      const res = await get(path, { authorization: `Bearer ${t.vendorKey}` });
      expectCommonHeaders(res);
      await expectProblem(res, 404, "NOT_FOUND");
    }
  });

  it("the public app writes nothing through a vendor path", async () => {
    const res = await t.publicApp.request("/vendor/v1/products", {
      method: "POST",
      headers: { authorization: `Bearer ${t.vendorKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Sneaky", slug: "sneaky" }),
    });
    await expectProblem(res, 404, "NOT_FOUND");
    const row = await t.deps.db
      .selectFrom("products")
      .select("id")
      .where("slug", "=", "sneaky")
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });
});

describe("readiness without a database", () => {
  it("answers /readyz 503 problem+json once the database is gone, while /healthz stays 200", async () => {
    const broken = await createTestContext();
    expect((await broken.publicApp.request("/readyz")).status).toBe(200);
    await broken.close();

    const res = await broken.publicApp.request("/readyz");
    expectCommonHeaders(res);
    const problem = await expectProblem(res, 503, "DATABASE_UNAVAILABLE");
    expect(problem.detail).toBe("The database does not answer.");
    expect((await broken.publicApp.request("/healthz")).status).toBe(200);
  });
});
