import type { AppDeps } from "../../core/deps.ts";
import {
  confirmPasswordReset,
  requestPasswordReset,
} from "../../credentials/password-reset-service.ts";
import { clientIp } from "../../http/client-ip.ts";
import { createRoute, createRouter, json, jsonBody, NO_SECURITY, z } from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";
import { JSON_BODY_PROBLEMS, problems, rateLimitProblem } from "../../http/problem-responses.ts";
import { Email, Password } from "../field-schemas.ts";

const tags = ["Sign-in"];

const ResetRequestSchema = z.object({ email: Email }).strict().openapi("PasswordResetRequest");

const ResetAcceptedSchema = z.object({ detail: z.string() }).openapi("PasswordResetAccepted");

const ResetConfirmSchema = z
  .object({
    token: z
      .string()
      .min(1, "must not be empty")
      .max(200, "at most 200 characters")
      .openapi({ description: "The `token` parameter of the mailed link." }),
    password: Password.openapi({
      description:
        "The new password: 12 to 256 characters, no composition rules; common passwords " +
        "and the user's own address or name are refused.",
    }),
  })
  .strict()
  .openapi("PasswordResetConfirm");

/** The same body for known and unknown addresses: the answer must not tell them apart. */
const ACCEPTED = {
  detail:
    "If an account uses this address, a link to choose a new password is on its way. It works once, for one hour.",
} as const;

export interface PasswordResetRouteOptions {
  /** The clock (tests move it past a link's lifetime). */
  readonly now?: () => Date;
}

/** `POST /auth/password-reset` and `/auth/password-reset/confirm`: open routes, no session. */
export function passwordResetRoutes(
  { db, config, background }: AppDeps,
  { now = () => new Date() }: PasswordResetRouteOptions = {},
) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password-reset",
      operationId: "requestPasswordReset",
      tags,
      summary: "Ask for a password-reset link by mail",
      description:
        "Always answers 202 with the same body, whether or not an account uses the address. " +
        "For a known address a mail with a single-use link " +
        "(`{PUBLIC_URL}/reset-password?token=…`, valid one hour) goes out; a newer link " +
        "replaces an older unused one. At most 3 requests per address and hour (known or " +
        "not); more answer 429 `RATE_LIMITED` with `Retry-After`.",
      security: NO_SECURITY,
      request: { body: jsonBody(ResetRequestSchema, { email: "olivia.owner@example.com" }) },
      responses: {
        202: json(
          ResetAcceptedSchema,
          "Accepted; a mail goes out if the address is known.",
          ACCEPTED,
        ),
        ...problems(
          JSON_BODY_PROBLEMS,
          rateLimitProblem("Too many reset requests for this address. Try again in 1200 seconds."),
        ),
      },
    }),
    async (c) => {
      // The mail work runs after this answer, for known and unknown addresses alike.
      const outcome = await requestPasswordReset(
        { db, config, background },
        c.req.valid("json").email,
        { now: now() },
      );
      if (outcome.throttled) {
        const seconds = outcome.retryAfterSeconds;
        throw new ProblemError(429, "RATE_LIMITED", {
          detail: `Too many reset requests for this address. Try again in ${seconds} seconds.`,
          headers: { "Retry-After": String(seconds) },
          extensions: { retryAfter: seconds },
        });
      }
      return c.json(ACCEPTED, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password-reset/confirm",
      operationId: "confirmPasswordReset",
      tags,
      summary: "Set a new password with a reset or invitation link",
      description:
        "Takes the `token` of a password-reset link (`/reset-password?token=…`) or of an " +
        "invitation link (`/accept-invitation?token=…`): both set the password here. The " +
        "token works once, within its lifetime (one hour for a reset, seven days for an " +
        "invitation). Setting the password ends every session of the user, and a reset " +
        "mails a security notice. An unknown, used or expired token answers 400 " +
        "`TOKEN_INVALID` (the same for all three); a weak password answers 422 naming " +
        "`body.password` and leaves the token usable.",
      security: NO_SECURITY,
      request: {
        body: jsonBody(ResetConfirmSchema, {
          token: "prt_Jx3kQ9v2mTzW7cLr5nHa8YbE1uFd6sGp",
          password: "correct horse battery staple",
        }),
      },
      responses: {
        204: { description: "The password is set; every session of the user has ended." },
        ...problems(
          {
            400: {
              TOKEN_INVALID:
                "This link is not valid: it may have been used already or have expired. Ask for a new one.",
            },
          },
          JSON_BODY_PROBLEMS,
        ),
      },
    }),
    async (c) => {
      const { token, password } = c.req.valid("json");
      const done = await confirmPasswordReset(
        db,
        config,
        { token, password, ip: clientIp(c) },
        { now: now() },
      );
      if (!done) {
        throw new ProblemError(400, "TOKEN_INVALID", {
          detail:
            "This link is not valid: it may have been used already or have expired. Ask for a new one.",
        });
      }
      return c.body(null, 204);
    },
  );

  return app;
}
