import type { OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "kysely";
import { loopbackAliases } from "../config/config.ts";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import { apiReference } from "../http/api-reference.ts";
import { createBaseApp, jsonBodyLimit } from "../http/base-app.ts";
import { createRoute, json, z } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { customerCors } from "../http/session-auth.ts";
import { portalApp } from "../portal/portal-app.ts";
import { customerRoutes } from "../routes/customer/index.ts";
import { downloadDeliveryRoutes } from "../routes/downloads-delivery.ts";
import { licensingRoutes } from "../routes/licensing.ts";

const HealthSchema = z.object({ status: z.literal("ok") }).openapi("Health");

/**
 * The public listener: the Customer and Licensing APIs, signed downloads, the
 * API reference and the standalone portal at `/`. It never serves `/vendor/…`.
 *
 * @example
 * serve({ fetch: createPublicApp(deps).fetch, port: 8787 });
 */
export function createPublicApp(appDeps: AppDeps): OpenAPIHono<AppEnv> {
  const deps = withLoopbackOrigins(appDeps);
  const app = createBaseApp(deps);

  // The Vendor API lives on its own listener; here the path does not exist at all.
  app.all("/vendor/*", (c) => c.notFound());

  app.use(jsonBodyLimit());
  app.use("/v1/*", customerCors(deps.config));
  app.use("/dl/*", customerCors(deps.config));
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-keyport-session",
    description: "The standalone portal's session cookie, set by `POST /v1/auth/login`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionBearer", {
    type: "http",
    scheme: "bearer",
    description:
      'A session token: from `POST /v1/auth/login` with `tokenType: "bearer"`, or a portal session the vendor\'s backend made.',
  });
  app.route("/v1/licensing", licensingRoutes(deps));
  app.route("/v1", customerRoutes(deps));
  app.route("/", downloadDeliveryRoutes(deps));

  app.openapi(
    createRoute({
      method: "get",
      path: "/healthz",
      tags: ["Service"],
      summary: "Liveness: the process answers",
      responses: { 200: json(HealthSchema) },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/readyz",
      tags: ["Service"],
      summary: "Readiness: the database answers",
      responses: { 200: json(HealthSchema), 503: { description: "The database does not answer." } },
    }),
    async (c) => {
      try {
        await sql`select 1`.execute(deps.db);
      } catch (error) {
        throw new ProblemError(503, "DATABASE_UNAVAILABLE", {
          detail: "The database does not answer.",
          cause: error,
        });
      }
      return c.json({ status: "ok" as const }, 200);
    },
  );

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Keyport API",
      version: "1.0.0",
      description:
        "The Customer API (portal sessions), the Licensing API (license keys) and signed downloads.",
    },
  });
  app.route("/", apiReference("/docs", "/openapi.json", "Keyport API"));
  // Last: it answers only its own paths and leaves every other one to the 404 above.
  app.route("/", portalApp(deps.config));
  return app;
}

/**
 * With a loopback PUBLIC_URL (the default `http://localhost:8787`), its other
 * spellings count as the portal's own origin too: the start banner prints
 * `http://127.0.0.1:8787`, and signing in there must not be refused as
 * another origin. Any other PUBLIC_URL is taken exactly.
 */
function withLoopbackOrigins(deps: AppDeps): AppDeps {
  const aliases = loopbackAliases(deps.config.publicUrl);
  if (aliases.length === 0) return deps;
  const allowedOrigins = [...new Set([...deps.config.allowedOrigins, ...aliases])];
  return { ...deps, config: { ...deps.config, allowedOrigins } };
}
