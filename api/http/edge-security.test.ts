import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicApp } from "../app/public-app.ts";
import { createTestContext, type TestContext } from "../test/harness.ts";
import { capturingLogger } from "../test/log-capture.ts";
import { type OpenApiDocument, sweepOperations } from "../test/openapi-operations.ts";
import { type SignedInUser, signedInUser } from "../test/signed-in-user.ts";
import { createBaseApp, REQUEST_BODY_LIMIT } from "./base-app.ts";

const MiB = 1024 * 1024;

let t: TestContext;
let ada: SignedInUser;
beforeAll(async () => {
  t = await createTestContext();
  ada = await signedInUser(t, { name: "Ada Edge" });
});
afterAll(() => t?.close());

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(await res.json()).toMatchObject({ status, code });
}

describe("request body limit", () => {
  const twoMiB = "x".repeat(2 * MiB);
  const spellings = [
    "application/json",
    "Application/JSON",
    "APPLICATION/JSON; charset=utf-8",
    "application/vnd.api+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    undefined,
  ];

  it.each(spellings)("answers 413 problem+json to a 2 MiB body sent as %s", async (type) => {
    for (const path of ["/v1/auth/login", "/v1/auth/password-reset", "/v1/me", "/nope"]) {
      const res = await t.publicApp.request(path, {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: twoMiB,
      });
      await expectProblem(res, 413, "PAYLOAD_TOO_LARGE");
    }
    const big = await t.vendorApp.request("/vendor/v1/products", {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.vendorKey}`,
        ...(type ? { "content-type": type } : {}),
      },
      body: twoMiB,
    });
    await expectProblem(big, 413, "PAYLOAD_TOO_LARGE");
  });

  it("lets a body of exactly the limit through to the route", async () => {
    const body = JSON.stringify({ email: "a@example.com", password: "p".padEnd(64, "p") });
    const padded = body.padEnd(REQUEST_BODY_LIMIT, " ");
    const res = await t.publicApp.request("/v1/auth/password-reset", {
      method: "POST",
      headers: { "content-type": "Application/JSON" },
      body: padded,
    });
    expect(res.status).not.toBe(413);
  });

  describe("over a real socket", () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = serve({ fetch: t.publicApp.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
      await new Promise<void>((resolve) => server.once("listening", () => resolve()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    /**
     * Starts a POST announcing `announced` bytes (or chunked), writes 1.5 MiB and
     * then waits: the answer must come while the rest of the body is still unsent.
     */
    function partialPost(type: string, chunked: boolean, method = "POST", path = "/v1/auth/login") {
      return new Promise<{ status: number; body: string; unsent: boolean }>((resolve, reject) => {
        let finished = false;
        const req = request({
          host: "127.0.0.1",
          port,
          path,
          method,
          headers: {
            "content-type": type,
            ...(chunked
              ? { "transfer-encoding": "chunked" }
              : { "content-length": String(2 * MiB) }),
          },
        });
        req.on("error", (error) => (finished ? undefined : reject(error)));
        req.on("response", (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            body += chunk;
          });
          res.on("end", () => {
            finished = true;
            resolve({ status: res.statusCode ?? 0, body, unsent: !req.writableEnded });
            req.destroy();
          });
        });
        // Without a limit the server waits for the rest, which never comes: fail, don't hang.
        setTimeout(() => {
          if (finished) return;
          req.destroy();
          reject(new Error("no answer while the rest of the body was unsent"));
        }, 5000).unref();
        // 1.5 MiB in 64 KiB pieces; the request is never ended.
        const piece = Buffer.alloc(64 * 1024, 0x20);
        for (let written = 0; written < 1.5 * MiB; written += piece.length) req.write(piece);
      });
    }

    it.each([
      ["Application/JSON", false],
      ["text/plain", false],
      ["Application/JSON", true],
      ["text/plain; charset=utf-8", true],
    ])(
      "answers 413 to %s (chunked: %s) before the client has sent the whole body",
      async (type, chunked) => {
        const answer = await partialPost(type as string, chunked as boolean);
        expect(answer.status).toBe(413);
        expect(answer.unsent).toBe(true);
        expect(JSON.parse(answer.body)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
      },
    );

    it("answers 413 to a GET announcing a body over the limit, before it is sent", async () => {
      const answer = await partialPost("Application/JSON", false, "GET", "/v1/licenses");
      expect(answer.status).toBe(413);
      expect(answer.unsent).toBe(true);
      expect(JSON.parse(answer.body)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    });

    it("answers a GET with a small body as if it had none", async () => {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ ignored: true });
        const req = request({
          host: "127.0.0.1",
          port,
          path: "/v1/me",
          method: "GET",
          headers: { "content-type": "application/json", "content-length": String(body.length) },
        });
        req.on("error", reject);
        req.on("response", (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            body += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.end(body);
      });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ code: "UNAUTHENTICATED" });
    });
  });
});

describe("Cache-Control on the signed-in APIs", () => {
  it("is no-store on every operation of the Customer, Licensing and Vendor APIs, errors included", async () => {
    const publicDocument = (await (
      await t.publicApp.request("/openapi.json")
    ).json()) as OpenApiDocument;
    const vendorDocument = (await (
      await t.vendorApp.request("/vendor/openapi.json")
    ).json()) as OpenApiDocument;
    const missing: string[] = [];
    let checked = 0;
    const check = async (name: string, res: Response) => {
      checked++;
      await res.arrayBuffer();
      if (!/no-store/.test(res.headers.get("cache-control") ?? "")) {
        missing.push(`${name} → ${res.status} ${res.headers.get("cache-control")}`);
      }
    };
    for (const operation of sweepOperations(publicDocument)) {
      if (!operation.template.startsWith("/v1/") || operation.template === "/v1/auth/logout")
        continue;
      const name = `${operation.method} ${operation.template}`;
      const { url, init } = operation.request();
      const headers = init.headers as Record<string, string>;
      // Signed in, and without credentials (the 401 answer is personal too: it says the session ended).
      await check(
        name,
        await t.publicApp.request(url, {
          ...init,
          headers: { ...headers, authorization: `Bearer ${ada.token}` },
        }),
      );
      await check(`${name} (no session)`, await t.publicApp.request(url, init));
    }
    for (const operation of sweepOperations(vendorDocument)) {
      if (!operation.template.startsWith("/vendor/v1/")) continue;
      const name = `${operation.method} ${operation.template}`;
      const { url, init } = operation.request();
      const headers = init.headers as Record<string, string>;
      await check(
        name,
        await t.vendorApp.request(url, {
          ...init,
          headers: { ...headers, authorization: `Bearer ${t.vendorKey}` },
        }),
      );
      await check(`${name} (no key)`, await t.vendorApp.request(url, init));
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  }, 120_000);

  it("leaves a deliberately cacheable answer alone", async () => {
    const res = await t.publicApp.request("/docs");
    expect(res.headers.get("cache-control")).not.toBe("no-store");
  });
});

describe("Strict-Transport-Security", () => {
  it("is on every public answer when PUBLIC_URL is https", async () => {
    const app = createPublicApp({
      ...t.deps,
      config: { ...t.deps.config, publicUrl: "https://portal.acme.example" },
    });
    for (const path of ["/healthz", "/v1/me", "/nope", "/", "/openapi.json", "/vendor/v1/x"]) {
      const res = await app.request(path);
      expect(res.headers.get("strict-transport-security"), path).toBe(
        "max-age=31536000; includeSubDomains",
      );
    }
  });

  it("is not sent when PUBLIC_URL is http (the local demo)", async () => {
    const res = await t.publicApp.request("/healthz");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("X-Request-Id", () => {
  const idOf = async (given: string | undefined) => {
    const res = await t.publicApp.request("/nope", {
      headers: given === undefined ? {} : { "x-request-id": given },
    });
    const body = (await res.json()) as { requestId: string };
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
    return body.requestId;
  };

  it("keeps a client's id in the safe format ^[A-Za-z0-9._:-]{1,64}$", async () => {
    for (const id of ["trace-1234abcd", "a", "svc.checkout:42_x-9", "x".repeat(64)]) {
      expect(await idOf(id)).toBe(id);
    }
  });

  it("replaces any other id with a fresh UUID", async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of [
      "x".repeat(65),
      "a=b",
      "==",
      "two words",
      "ünïcode",
      "<script>",
      "a/b",
      '{"j":1}',
    ]) {
      const kept = await idOf(id);
      expect(kept, id).not.toBe(id);
      expect(kept).toMatch(uuid);
    }
    expect(await idOf(undefined)).toMatch(uuid);
  });
});

describe("database data errors", () => {
  it("answer 422 problem+json, never 5xx, whatever route let the value through", async () => {
    const app = createBaseApp(t.deps);
    app.get("/probe/:kind", async (c) => {
      const kind = c.req.param("kind");
      if (kind === "syntax") await sql`select ${"not a number"}::int`.execute(t.deps.db);
      if (kind === "range") await sql`select ${"99999999999"}::int`.execute(t.deps.db);
      if (kind === "nul") await sql`select ${"a\u0000b"}::text`.execute(t.deps.db);
      return c.text("unreachable");
    });
    for (const kind of ["syntax", "range", "nul"]) {
      await expectProblem(await app.request(`/probe/${kind}`), 422, "INVALID_VALUE");
    }
  });
});

describe("outages", () => {
  it("log one warning line per refused request, without a stack, and bugs as errors", async () => {
    const { logger, lines } = capturingLogger("info");
    const app = createBaseApp({ ...t.deps, logger });
    app.get("/probe/:kind", (c) => {
      if (c.req.param("kind") === "outage") {
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
          code: "ECONNREFUSED",
        });
      }
      throw new Error("a bug");
    });
    await expectProblem(await app.request("/probe/outage"), 503, "DATABASE_UNAVAILABLE");
    await expectProblem(await app.request("/probe/bug"), 500, "INTERNAL_ERROR");
    const logged = lines.filter(
      (line) => line.msg === "unavailable" || line.msg === "unhandled error",
    );
    expect(logged).toEqual([
      expect.objectContaining({
        level: 40,
        code: "DATABASE_UNAVAILABLE",
        reason: "connect ECONNREFUSED 127.0.0.1:5432",
      }),
      expect.objectContaining({
        level: 50,
        err: expect.objectContaining({ stack: expect.any(String) }),
      }),
    ]);
    expect(logged[0]).not.toHaveProperty("err");
  });
});
