import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import { clientIpMiddleware } from "./client-ip.ts";
import { requestLogger, safeRequestId, securityHeaders } from "./middleware.ts";
import { createRouter } from "./openapi.ts";
import { isDataException, ProblemError, problemResponse, toProblem } from "./problem.ts";

/** Request bodies are small JSON; uploads stream through their own route and limit. */
export const REQUEST_BODY_LIMIT = 1024 * 1024;

/**
 * Caps every request body at 1 MiB, whatever its Content-Type says (any
 * spelling, any parameters, none at all): the JSON parser does not care how
 * the type is spelled, so neither may the limit. A declared Content-Length over
 * the limit answers 413 before a byte is read; a chunked body is counted while
 * it is read and refused as soon as it passes the limit, so at most 1 MiB is
 * ever held. `streamingRoutes` (raw uploads) keep their own limit.
 */
export function requestBodyLimit({
  streamingRoutes = [],
}: {
  /** Routes whose body is a raw upload stream with its own size limit. */
  streamingRoutes?: readonly RegExp[];
} = {}): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw new ProblemError(413, "PAYLOAD_TOO_LARGE", {
      detail: `Request bodies are limited to ${REQUEST_BODY_LIMIT} bytes.`,
    });
  };
  const limit = bodyLimit({ maxSize: REQUEST_BODY_LIMIT, onError: tooLarge });
  return async (c, next) => {
    // A GET or HEAD request's body never reaches a handler (the Fetch API's Request refuses
    // one; Node discards it as it arrives), so only its declared size is checked: asking for
    // the body would build the full Request object on every read for nothing.
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      if (Number(c.req.header("content-length") ?? 0) > REQUEST_BODY_LIMIT) tooLarge();
      return next();
    }
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
  app.use(safeRequestId());
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
    if (problem.status === 503) {
      // An outage of the database or the file store, not a bug: one short line per request,
      // without the stack that would flood the log while it lasts.
      const reason = error instanceof Error ? error.message : String(error);
      deps.logger.warn(
        { code: problem.code, reason, requestId: c.get("requestId") },
        "unavailable",
      );
    } else if (problem.status >= 500) {
      deps.logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error");
    } else if (isDataException(error)) {
      // The client gets a 4xx, but a value the schemas let through is worth knowing about.
      deps.logger.warn({ err: error, requestId: c.get("requestId") }, "database refused a value");
    }
    return problemResponse(c, problem);
  });
  return app;
}
