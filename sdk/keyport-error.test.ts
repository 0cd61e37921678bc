import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../api/test/harness.ts";
import { KeyportError, keyportErrorFromResponse } from "./index.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe("KeyportError", () => {
  it("carries the status, code, field errors and request id of a real problem answer", async () => {
    const res = await t.vendor("POST", "/vendor/v1/products", { name: "", slug: "Bad Slug" });
    const error = await keyportErrorFromResponse(res);
    expect(error).toBeInstanceOf(KeyportError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(422);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.title).toBe("Unprocessable content");
    expect(error.fieldErrors.map((e) => e.field).sort()).toEqual(["body.name", "body.slug"]);
    expect(error.requestId).toBe(res.headers.get("x-request-id"));
    expect(error.message).toContain("body.slug");
  });

  it("reads a 401 without detail of why", async () => {
    const res = await t.vendorApp.request("/vendor/v1/products");
    const error = await keyportErrorFromResponse(res);
    expect(error.status).toBe(401);
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.fieldErrors).toEqual([]);
  });

  it("still gives a useful error for an answer that is not a problem", async () => {
    const html = new Response("<h1>Bad gateway</h1>", {
      status: 502,
      statusText: "Bad Gateway",
      headers: { "content-type": "text/html", "x-request-id": "req-1" },
    });
    const error = await keyportErrorFromResponse(html);
    expect(error).toMatchObject({
      status: 502,
      code: "HTTP_502",
      title: "Bad Gateway",
      requestId: "req-1",
    });

    const broken = new Response("{not json", {
      status: 500,
      headers: { "content-type": "application/json" },
    });
    const brokenError = await keyportErrorFromResponse(broken);
    expect(brokenError.code).toBe("HTTP_500");
    expect(brokenError.cause).toBeInstanceOf(SyntaxError);
  });
});
