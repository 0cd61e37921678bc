import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../core/deps.ts";
import type { Logger } from "../core/logger.ts";

/** One structured log line per request, with its id, status and duration. */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error(line, "request failed");
    else logger.info(line, "request");
  };
}

/** Headers every answer carries; the API serves JSON, so nothing may be framed or sniffed. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    c.header("Cross-Origin-Resource-Policy", "same-site");
    if (!c.res.headers.has("Content-Security-Policy")) {
      c.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
  };
}

/** The request ids a client may choose: short, and nothing a log line or header could misread. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives every request an id (`c.var.requestId`, echoed as `X-Request-Id`): the
 * client's own when it fits `^[A-Za-z0-9._:-]{1,64}$`, so a caller can follow its
 * request through a proxy's logs, otherwise a fresh UUID.
 */
export function safeRequestId({
  headerName = "X-Request-Id",
  generate = () => randomUUID(),
}: {
  headerName?: string;
  generate?: () => string;
} = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header(headerName);
    const id = given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : generate();
    c.set("requestId", id);
    c.header(headerName, id);
    await next();
  };
}

/**
 * `Cache-Control: no-store` on every answer that does not say otherwise. Mounted on
 * the signed-in APIs: their answers are personal (a TOTP secret, a license key,
 * a customer's data) and no browser or proxy cache may keep them. A route that
 * is deliberately cacheable sets its own Cache-Control, which is left alone.
 */
export function noStore(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  };
}

/** One year, the value the HSTS preload list asks for. */
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * `Strict-Transport-Security` on every answer when the public URL is https, so a
 * browser that reached the portal once never tries plain http again. Behind
 * http (the local demo) it is left out: it would pin localhost to https.
 */
export function strictTransportSecurity(publicUrl: string): MiddlewareHandler<AppEnv> {
  const https = new URL(publicUrl).protocol === "https:";
  return async (c, next) => {
    await next();
    if (https) c.header("Strict-Transport-Security", HSTS);
  };
}
