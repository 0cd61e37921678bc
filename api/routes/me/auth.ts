import { getCookie } from "hono/cookie";
import { signIn, signOut } from "../../auth/auth-service.ts";
import { createKnownDevices } from "../../auth/known-device.ts";
import type { AppDeps } from "../../core/deps.ts";
import { PASSWORD_MAX_LENGTH } from "../../credentials/password.ts";
import { clientIp } from "../../http/client-ip.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  NO_SECURITY,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";
import {
  JSON_BODY_PROBLEMS,
  ORIGIN_PROBLEMS,
  problems,
  rateLimitProblem,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import {
  assertAllowedOrigin,
  clearSessionCookie,
  KNOWN_DEVICE_COOKIE,
  SESSION_COOKIE,
  setKnownDeviceCookie,
  setSessionCookie,
} from "../../http/session-auth.ts";
import { Email, Role } from "../field-schemas.ts";

const tags = ["Sign-in"];

/** `Set-Cookie` of the cookie sign-in and of signing out. */
const sessionCookieHeader = (description: string, example: string) =>
  z.object({ "Set-Cookie": z.string().optional().openapi({ description, example }) });

export const LoginSchema = z
  .object({
    email: Email,
    // Any length the password rules ever allowed; the minimum is not checked here, so a
    // short guess is an ordinary wrong password, not a hint.
    password: z
      .string()
      .min(1, "must not be empty")
      .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`),
    totpCode: z
      .string()
      .min(1, "must not be empty")
      .max(32, "at most 32 characters")
      .optional()
      .openapi({
        description:
          "The 6-digit code of the authenticator app, or a recovery code. Send it when a " +
          "first attempt answered 401 `TOTP_REQUIRED`.",
        example: "123456",
      }),
    tokenType: z
      .enum(["cookie", "bearer"])
      .default("cookie")
      .openapi({
        description:
          "`cookie` (the standalone portal) sets the `__Host-keyport-session` cookie and returns " +
          "no token; `bearer` (SDK, scripts) returns the token in the body.",
      }),
  })
  .strict()
  .openapi("LoginRequest");

const SignedInSchema = z
  .object({
    user: z.object({
      id: z.string().openapi({ example: "usr_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
      email: z.string(),
      name: z.string(),
      role: Role,
      accountId: z.string(),
    }),
    session: z.object({
      id: z.string().openapi({ example: "ses_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
      expiresAt: Timestamp,
    }),
    token: z.string().optional().openapi({
      description: "Only with `tokenType: bearer`: send it as `Authorization: Bearer <token>`.",
    }),
    expiresAt: Timestamp.optional().openapi({ description: "Only with `tokenType: bearer`." }),
  })
  .openapi("SignedIn");

export function authRoutes({ db, config, secrets }: AppDeps) {
  const app = createRouter();
  const devices = createKnownDevices(config.licenseKeySecret);

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      operationId: "login",
      tags,
      summary: "Sign in with email and password",
      description:
        "Starts a new session at every sign-in. An unknown email, a wrong password and a user " +
        "without a password answer the same 401 `INVALID_CREDENTIALS`. With two-factor sign-in " +
        "on and no `totpCode`, a correct password answers 401 `TOTP_REQUIRED`; a wrong code " +
        "answers 401 `INVALID_TOTP_CODE`. Failed attempts are throttled per email address and per " +
        "client address with growing delays (429 `RATE_LIMITED` with `Retry-After`). In cookie " +
        "mode a request that carries an `Origin` must come from an allowed origin (403).",
      security: NO_SECURITY,
      request: {
        body: jsonBody(LoginSchema, {
          email: "olivia.owner@example.com",
          password: "demo-password",
          tokenType: "bearer",
        }),
      },
      responses: {
        200: {
          ...json(SignedInSchema, "Signed in.", {
            user: {
              id: "usr_01M8RJKMW25CB221W39DFK43MA",
              email: "olivia.owner@example.com",
              name: "Olivia Owner",
              role: "owner",
              accountId: "acc_01M8RJKMNMW3AP3WZRS65SAPAM",
            },
            session: {
              id: "ses_01M8RJKPBNFMYWADCPJ2CVBAJ4",
              expiresAt: "2026-12-08T10:32:35.854Z",
            },
            token: "kps_gVd2me3Tb2tb3x1JRgST3EpFfknmbsu29fyB6E6Fl1I",
            expiresAt: "2026-12-08T10:32:35.854Z",
          }),
          headers: sessionCookieHeader(
            "Only with `tokenType: cookie`: the session cookie.",
            "__Host-keyport-session=kps_…; Path=/; Expires=Tue, 08 Dec 2026 10:32:35 GMT; HttpOnly; Secure; SameSite=Lax",
          ),
        },
        ...problems(
          JSON_BODY_PROBLEMS,
          {
            401: {
              INVALID_CREDENTIALS: "The email address or the password is not right.",
              TOTP_REQUIRED: "Enter the code from your authenticator app, or a recovery code.",
              INVALID_TOTP_CODE: "The code is not right, or was used before.",
            },
            403: {
              ORIGIN_NOT_ALLOWED:
                "A cookie sign-in carried an `Origin` that is not allowed (`ALLOWED_ORIGINS`).",
            },
          },
          rateLimitProblem("Too many sign-in attempts. Try again later."),
        ),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const cookieMode = body.tokenType === "cookie";
      if (cookieMode) assertAllowedOrigin(c, config, { required: false });
      const result = await signIn(
        { db, secrets, config },
        {
          email: body.email,
          password: body.password,
          totpCode: body.totpCode,
          kind: body.tokenType,
          lifetimeMs: config.sessionMaxMs,
          userAgent: c.req.header("user-agent") ?? null,
          ip: clientIp(c),
          replacesToken: cookieMode ? getCookie(c, SESSION_COOKIE, "host") : undefined,
          knownDevice: devices.verify(getCookie(c, KNOWN_DEVICE_COOKIE, "host")),
        },
      );
      switch (result.status) {
        case "throttled":
          throw new ProblemError(429, "RATE_LIMITED", {
            detail: "Too many sign-in attempts. Try again later.",
            headers: { "Retry-After": String(result.retryAfterSeconds) },
            extensions: { retryAfter: result.retryAfterSeconds },
          });
        case "invalid_credentials":
          throw new ProblemError(401, "INVALID_CREDENTIALS", {
            detail: "The email address or the password is not right.",
          });
        case "totp_required":
          throw new ProblemError(401, "TOTP_REQUIRED", {
            detail: "Enter the code from your authenticator app, or a recovery code.",
          });
        case "invalid_totp":
          throw new ProblemError(401, "INVALID_TOTP_CODE", {
            detail: "The code is not right, or was used before.",
          });
      }
      const { user, session } = result;
      const expiresAt = session.expiresAt.toISOString();
      if (cookieMode) {
        setSessionCookie(c, session.token, session.expiresAt);
        // The portal's browser is a device that signed in; bearer clients keep no cookies.
        setKnownDeviceCookie(c, devices.issue(user.id));
      }
      // A sign-in answer is personal; no cache may keep it.
      c.header("Cache-Control", "no-store");
      return c.json(
        {
          user: {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            accountId: user.account_id,
          },
          session: { id: session.sessionId, expiresAt },
          ...(cookieMode ? {} : { token: session.token, expiresAt }),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      operationId: "logout",
      tags,
      summary: "Sign out: end the current session",
      description:
        "Ends the session of the cookie or bearer token the request carries and clears the " +
        "cookie. With a cookie the request must carry an allowed `Origin` (403 otherwise).",
      security: SESSION_SECURITY,
      responses: {
        204: {
          description: "Signed out.",
          headers: sessionCookieHeader(
            "With the cookie: clears it.",
            "__Host-keyport-session=; Max-Age=0; Path=/; Secure",
          ),
        },
        ...problems(SESSION_PROBLEMS, ORIGIN_PROBLEMS),
      },
    }),
    async (c) => {
      const auth = c.get("auth");
      if (!auth) throw new Error("requireSession must guard /auth/logout");
      await signOut(db, auth, clientIp(c));
      if (auth.via === "cookie") clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  return app;
}
