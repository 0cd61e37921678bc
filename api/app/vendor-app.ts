import type { OpenAPIHono } from "@hono/zod-openapi";
import { verifyVendorApiKey } from "../auth/vendor-key-service.ts";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import { apiReference } from "../http/api-reference.ts";
import { createBaseApp, jsonBodyLimit } from "../http/base-app.ts";
import { ProblemError } from "../http/problem.ts";
import { vendorRoutes } from "../routes/vendor/index.ts";

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

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.use("/vendor/v1/*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const keyId = match?.[1] ? await verifyVendorApiKey(deps.db, match[1]) : null;
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
    jsonBodyLimit({ streamingRoutes: [/^\/vendor\/v1\/releases\/[^/]+\/assets$/] }),
  );

  app.route("/vendor/v1", vendorRoutes(deps));

  app.doc31("/vendor/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Keyport Vendor API",
      version: "1.0.0",
      description:
        "Server-to-server provisioning of accounts, users, products, policies, licenses, releases and assets.",
    },
    security: [{ vendorKey: [] }],
  });
  app.route("/", apiReference("/vendor/docs", "/vendor/openapi.json", "Keyport Vendor API"));
  return app;
}
