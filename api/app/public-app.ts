import type { OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "kysely";
import { loopbackAliases } from "../config/loopback.ts";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import { apiReference } from "../http/api-reference.ts";
import { createBaseApp, requestBodyLimit } from "../http/base-app.ts";
import { noStore, strictTransportSecurity } from "../http/middleware.ts";
import { createRoute, json, NO_SECURITY } from "../http/openapi.ts";
import { DATABASE_RETRY_AFTER_SECONDS, ProblemError } from "../http/problem.ts";
import { problems } from "../http/problem-responses.ts";
import { customerCors } from "../http/session-auth.ts";
import { portalApp } from "../portal/portal-app.ts";
import { customerRoutes } from "../routes/customer/index.ts";
import { downloadDeliveryRoutes } from "../routes/downloads-delivery.ts";
import { licensingRoutes } from "../routes/licensing.ts";
import {
  HealthSchema,
  PUBLIC_TAGS,
  publicServers,
  serveOpenApiDocument,
} from "./openapi-metadata.ts";

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
  app.use(strictTransportSecurity(deps.config.publicUrl));

  // The Vendor API lives on its own listener; here the path does not exist at all.
  app.all("/vendor/*", (c) => c.notFound());

  app.use(requestBodyLimit());
  app.use("/v1/*", customerCors(deps.config));
  app.use("/v1/*", noStore());
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
      operationId: "checkHealth",
      tags: ["Service"],
      summary: "Liveness: the process answers",
      description:
        "Answers 200 as long as the process serves requests; it asks nothing of the database, " +
        "so a slow database never gets the process restarted. Use `/readyz` to route traffic.",
      security: NO_SECURITY,
      responses: { 200: json(HealthSchema, "The process is up.", { status: "ok" }) },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/readyz",
      operationId: "checkReadiness",
      tags: ["Service"],
      summary: "Readiness: the database answers",
      description:
        "Answers 200 when a `select 1` on the database succeeds, 503 `DATABASE_UNAVAILABLE` " +
        "when it fails: take the instance out of the load balancer until it answers 200 again.",
      security: NO_SECURITY,
      responses: {
        200: json(HealthSchema, "Ready: the database answers.", { status: "ok" }),
        ...problems({ 503: { DATABASE_UNAVAILABLE: "The database does not answer." } }),
      },
    }),
    async (c) => {
      try {
        await sql`select 1`.execute(deps.db);
      } catch (error) {
        throw new ProblemError(503, "DATABASE_UNAVAILABLE", {
          detail: "The database does not answer.",
          headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
          cause: error,
        });
      }
      return c.json({ status: "ok" as const }, 200);
    },
  );

  serveOpenApiDocument(app, "/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Keyport API",
      version: "1.0.0",
      description:
        "The Customer API (portal sessions), the Licensing API (license keys) and signed downloads. " +
        "Every error answers `application/problem+json` with a stable `code`; each operation " +
        "lists the codes it can answer.",
    },
    servers: publicServers(deps.config),
    tags: [...PUBLIC_TAGS],
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
