import { getCookie } from "hono/cookie";
import { signIn, signOut } from "../../auth/auth-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import { PASSWORD_MAX_LENGTH } from "../../credentials/password.ts";
import { clientIp } from "../../http/client-ip.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  ProblemSchema,
  problemResponses,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";
import {
  assertAllowedOrigin,
  clearSessionCookie,
  SESSION_COOKIE,
  setSessionCookie,
} from "../../http/session-auth.ts";
import { Email, Role } from "../vendor/customers/user-schemas.ts";

const tags = ["Sign-in"];

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

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

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags,
      summary: "Sign in with email and password",
      description:
        "Starts a new session at every sign-in. An unknown email, a wrong password and a user " +
        "without a password answer the same 401 `INVALID_CREDENTIALS`. With two-factor sign-in " +
        "on and no `totpCode`, a correct password answers 401 `TOTP_REQUIRED`; a wrong code " +
        "answers 401 `INVALID_TOTP_CODE`. Failed attempts are throttled per email address and per " +
        "client address with growing delays (429 `RATE_LIMITED` with `Retry-After`). In cookie " +
        "mode a request that carries an `Origin` must come from an allowed origin (403).",
      request: { body: jsonBody(LoginSchema) },
      responses: {
        200: json(SignedInSchema, "Signed in"),
        ...problemResponses,
        403: problem("Cookie sign-in from an origin that is not allowed."),
        429: problem("Too many failed attempts; `Retry-After` says when to try again."),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const cookieMode = body.tokenType === "cookie";
      if (cookieMode) assertAllowedOrigin(c, config, { required: false });
      const result = await signIn(db, secrets, {
        email: body.email,
        password: body.password,
        totpCode: body.totpCode,
        kind: body.tokenType,
        lifetimeMs: config.sessionMaxMs,
        userAgent: c.req.header("user-agent") ?? null,
        ip: clientIp(c),
        replacesToken: cookieMode ? getCookie(c, SESSION_COOKIE, "host") : undefined,
      });
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
      if (cookieMode) setSessionCookie(c, session.token, session.expiresAt);
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
      tags,
      summary: "Sign out: end the current session",
      description:
        "Ends the session of the cookie or bearer token the request carries and clears the " +
        "cookie. With a cookie the request must carry an allowed `Origin` (403 otherwise).",
      security: [{ sessionCookie: [] }, { sessionBearer: [] }],
      responses: {
        204: { description: "Signed out." },
        401: problemResponses[401],
        403: problem("Cookie request without an allowed `Origin`."),
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
