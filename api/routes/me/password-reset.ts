import type { AppDeps } from "../../core/deps.ts";
import {
  confirmPasswordReset,
  requestPasswordReset,
} from "../../credentials/password-reset-service.ts";
import { clientIp } from "../../http/client-ip.ts";
import { createRoute, createRouter, json, jsonBody, ProblemSchema, z } from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";
import { Email, Password } from "../vendor/customers/user-schemas.ts";

const tags = ["Authentication"];

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

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export interface PasswordResetRouteOptions {
  /** The clock (tests move it past a link's lifetime). */
  readonly now?: () => Date;
}

/** `POST /auth/password-reset` and `/auth/password-reset/confirm`: open routes, no session. */
export function passwordResetRoutes(
  { db, config }: AppDeps,
  { now = () => new Date() }: PasswordResetRouteOptions = {},
) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password-reset",
      tags,
      summary: "Ask for a password-reset link by mail",
      description:
        "Always answers 202 with the same body, whether or not an account uses the address. " +
        "For a known address a mail with a single-use link " +
        "(`{PUBLIC_URL}/reset-password?token=…`, valid one hour) goes out; a newer link " +
        "replaces an older unused one. At most 3 requests per address and hour (known or " +
        "not); more answer 429 `RATE_LIMITED` with `Retry-After`.",
      request: { body: jsonBody(ResetRequestSchema) },
      responses: {
        202: json(ResetAcceptedSchema, "Accepted; a mail goes out if the address is known."),
        400: problem("Malformed JSON."),
        422: problem("`email` is missing or not an address; `errors` names it."),
        429: problem("Too many requests for this address; `Retry-After` says when to retry."),
      },
    }),
    async (c) => {
      const outcome = await requestPasswordReset(db, config, c.req.valid("json").email, {
        now: now(),
      });
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
      request: { body: jsonBody(ResetConfirmSchema) },
      responses: {
        204: { description: "The password is set; every session of the user has ended." },
        400: problem("Malformed JSON, or `TOKEN_INVALID`: the link is unknown, used or expired."),
        422: problem("A field is missing or invalid (a weak password names `body.password`)."),
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
