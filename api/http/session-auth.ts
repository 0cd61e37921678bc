import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { cors } from "hono/cors";
import type { Caller } from "../accounts/customer-scope.ts";
import type { AuthContext, AuthVia } from "../auth/auth-context.ts";
import { validateSessionToken } from "../auth/session-service.ts";
import type { Config } from "../config/config.ts";
import type { AppDeps, AppEnv } from "../core/deps.ts";
import { ProblemError } from "./problem.ts";

/**
 * The session cookie, sent as `__Host-keyport-session`: the `__Host-` prefix binds
 * it to this exact origin (Secure, path `/`, no Domain).
 */
export const SESSION_COOKIE = "keyport-session";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The origins whose pages may call the Customer API: the configured list and our own. */
export function allowedOrigins(config: Pick<Config, "allowedOrigins" | "publicUrl">): Set<string> {
  return new Set([...config.allowedOrigins, new URL(config.publicUrl).origin]);
}

/**
 * CORS for the browser-facing routes: an exact allow-list, credentials allowed,
 * an unknown origin gets no grant (never `*`, never a reflection).
 */
export function customerCors(config: Config): MiddlewareHandler<AppEnv> {
  const origins = allowedOrigins(config);
  return cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type", "range", "if-none-match", "if-range"],
    exposeHeaders: ["x-request-id", "retry-after", "content-range", "content-disposition", "etag"],
    maxAge: 600,
  });
}

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750, the scheme in
 * any case); `null` when there is no header or it says anything else. The one
 * reader of bearer credentials: Customer API sessions and Vendor API keys alike.
 *
 * @example
 * bearerTokenOf("Bearer kpv_abc"); // "kpv_abc"
 * bearerTokenOf("Basic dXNlcg=="); // null
 */
export function bearerTokenOf(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** The bearer token of the request, or its session cookie; `null` when neither is there. */
export function sessionTokenOf(c: Context): { token: string; via: AuthVia } | null {
  const header = c.req.header("authorization");
  if (header) {
    const token = bearerTokenOf(header);
    return token ? { token, via: "bearer" } : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE, "host");
  return cookie ? { token: cookie, via: "cookie" } : null;
}

/**
 * Refuses a cookie-carried unsafe request whose `Origin` is missing or not
 * allowed: the cookie alone must never authorise a cross-site write.
 */
export function assertAllowedOrigin(
  c: Context,
  config: Config,
  { required }: { required: boolean },
): void {
  const origin = c.req.header("origin");
  if (!origin && !required) return;
  if (!origin || !allowedOrigins(config).has(origin)) {
    throw new ProblemError(403, "ORIGIN_NOT_ALLOWED", {
      detail: "This request must come from an allowed origin.",
    });
  }
}

/**
 * Requires a live session (bearer token or cookie) and puts it in `c.var.auth`.
 * No credentials: 401 `UNAUTHENTICATED`; a token that is unknown, expired or
 * revoked: 401 `SESSION_EXPIRED`, so clients know to sign in or fetch a new token.
 */
export function requireSession({ db, config }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const credentials = sessionTokenOf(c);
    if (!credentials) {
      throw new ProblemError(401, "UNAUTHENTICATED", {
        detail: "Sign in, or send a session token as `Authorization: Bearer`.",
        headers: { "WWW-Authenticate": 'Bearer realm="keyport"' },
      });
    }
    if (credentials.via === "cookie" && UNSAFE.has(c.req.method)) {
      assertAllowedOrigin(c, config, { required: true });
    }
    const session = await validateSessionToken(db, credentials.token, {
      idleMs: config.sessionIdleMs,
    });
    if (!session) {
      if (credentials.via === "cookie") clearSessionCookie(c);
      throw new ProblemError(401, "SESSION_EXPIRED", {
        detail: "The session has ended. Sign in again.",
        headers: { "WWW-Authenticate": 'Bearer realm="keyport", error="invalid_token"' },
      });
    }
    c.set("auth", { ...session, via: credentials.via });
    await next();
  };
}

/** Sets the session cookie: HttpOnly, Secure, SameSite=Lax, until the session's absolute end. */
export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    prefix: "host",
    path: "/",
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    expires: expiresAt,
  });
}

/**
 * The known-device cookie, sent as `__Host-keyport-device`: set at every successful
 * sign-in, brought back at the next one (auth/known-device.ts). Strict: only the
 * portal's own sign-in needs it.
 */
export const KNOWN_DEVICE_COOKIE = "keyport-device";

export function setKnownDeviceCookie(
  c: Context,
  { value, expiresAt }: { readonly value: string; readonly expiresAt: Date },
): void {
  setCookie(c, KNOWN_DEVICE_COOKIE, value, {
    prefix: "host",
    path: "/",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, prefix: "host" });
}

/** The signed-in caller of a route behind `requireSession`, as the scoping queries take it. */
export function callerOf(c: Context<AppEnv>): Caller {
  const { userId, accountId, role } = sessionOf(c);
  return { userId, accountId, role };
}

/**
 * The session `requireSession` checked for this request. A route outside the
 * session areas asking for it is a wiring mistake, not a client error.
 */
export function sessionOf(c: { get(key: "auth"): AuthContext | undefined }): AuthContext {
  const auth = c.get("auth");
  if (!auth) throw new Error("requireSession must guard this route");
  return auth;
}
