import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import { clientIpMiddleware } from "./client-ip.ts";
import { requestLogger, securityHeaders } from "./middleware.ts";
import { createRouter } from "./openapi.ts";
import { ProblemError, problemResponse, toProblem } from "./problem.ts";

/** JSON bodies are small; uploads stream through their own route and limit. */
const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Caps JSON request bodies at 1 MiB. Mount it after authentication, so an
 * unauthenticated caller cannot make the server buffer a body at all.
 */
export function jsonBodyLimit({
  streamingRoutes = [],
}: {
  /** Routes whose body is a raw upload stream with its own size limit. */
  streamingRoutes?: readonly RegExp[];
} = {}): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: JSON_BODY_LIMIT,
    onError: () => {
      throw new ProblemError(413, "PAYLOAD_TOO_LARGE", {
        detail: `JSON bodies are limited to ${JSON_BODY_LIMIT} bytes.`,
      });
    },
  });
  return async (c, next) => {
    if (!c.req.header("content-type")?.includes("json")) return next();
    if (streamingRoutes.some((route) => route.test(c.req.path))) return next();
    return limit(c, next);
  };
}

/** Database constraints that can race past a service's own check, by the field they guard. */
const CONSTRAINT_FIELDS: Record<string, string> = {
  users_email_key: "body.email",
  products_slug_key: "body.slug",
  entitlements_code_key: "body.code",
  releases_product_version_key: "body.version",
  assets_release_filename_key: "query.filename",
};

/**
 * The app every listener starts from: request ids, logs, security headers, and
 * problem+json for every error, unknown route and malformed body.
 */
export function createBaseApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  app.use(requestId({ limitLength: 64 }));
  app.use(clientIpMiddleware(deps.config.trustProxyHops));
  app.use(requestLogger(deps.logger));
  app.use(securityHeaders());
  app.notFound((c) =>
    problemResponse(
      c,
      new ProblemError(404, "NOT_FOUND", { detail: `No route for ${c.req.method} ${c.req.path}.` }),
    ),
  );
  app.onError((error, c) => {
    const problem = toProblem(error, (constraint) => CONSTRAINT_FIELDS[constraint] ?? "body");
    if (problem.status >= 500) {
      deps.logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error");
    }
    return problemResponse(c, problem);
  });
  return app;
}
