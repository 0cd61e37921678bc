import type { OpenAPIHono } from "@hono/zod-openapi";
import { verifyVendorApiKey } from "../auth/vendor-key-service.ts";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import { apiReference } from "../http/api-reference.ts";
import { createBaseApp, requestBodyLimit } from "../http/base-app.ts";
import { noStore } from "../http/middleware.ts";
import { createRoute, json, NO_SECURITY, VENDOR_SECURITY } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { bearerTokenOf } from "../http/session-auth.ts";
import { vendorRoutes } from "../routes/vendor/index.ts";
import {
  HealthSchema,
  serveOpenApiDocument,
  VENDOR_TAGS,
  vendorServers,
} from "./openapi-metadata.ts";

/**
 * The Vendor API: a separate app for a separate listener, so no customer
 * session can ever reach it.
 *
 * @example
 * serve({ fetch: createVendorApp(deps).fetch, port: 8788, hostname: "127.0.0.1" });
 */
export function createVendorApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createBaseApp(deps);

  app.openAPIRegistry.registerComponent("securitySchemes", "vendorKey", {
    type: "http",
    scheme: "bearer",
    description: "A vendor API key (`kpv_…`), created with `keyport vendor-key create`.",
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/healthz",
      operationId: "checkHealth",
      tags: ["Service"],
      summary: "Liveness: the Vendor API listener answers",
      description: "Answers 200 as long as the process serves requests; needs no API key.",
      security: NO_SECURITY,
      responses: { 200: json(HealthSchema, "The process is up.", { status: "ok" }) },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  );

  app.use("/vendor/v1/*", noStore());
  app.use("/vendor/v1/*", async (c, next) => {
    const key = bearerTokenOf(c.req.header("authorization"));
    const keyId = key ? await verifyVendorApiKey(deps.db, key) : null;
    if (!keyId) {
      // Say nothing about why: missing, malformed, unknown and revoked look the same.
      throw new ProblemError(401, "UNAUTHORIZED", {
        detail: "A valid vendor API key is required.",
        headers: { "WWW-Authenticate": 'Bearer realm="keyport-vendor"' },
      });
    }
    c.set("vendorKeyId", keyId);
    await next();
  });
  app.use(
    "/vendor/v1/*",
    requestBodyLimit({ streamingRoutes: [/^\/vendor\/v1\/releases\/[^/]+\/assets$/] }),
  );

  app.route("/vendor/v1", vendorRoutes(deps));

  serveOpenApiDocument(app, "/vendor/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Keyport Vendor API",
      version: "1.0.0",
      description:
        "Server-to-server provisioning of accounts, users, products, policies, licenses, releases and assets. " +
        "Every error answers `application/problem+json` with a stable `code`; each operation " +
        "lists the codes it can answer.",
    },
    servers: vendorServers(deps.config),
    tags: [...VENDOR_TAGS],
    security: VENDOR_SECURITY,
  });
  app.route("/", apiReference("/vendor/docs", "/vendor/openapi.json", "Keyport Vendor API"));
  return app;
}
