import type { AppDeps } from "../../core/deps.ts";
import {
  changePassword,
  completeEmailChange,
  requestEmailChange,
} from "../../credentials/security-change-service.ts";
import {
  createRoute,
  createRouter,
  json,
  jsonBody,
  SESSION_SECURITY,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";
import {
  JSON_BODY_PROBLEMS,
  ORIGIN_PROBLEMS,
  problems,
  SESSION_PROBLEMS,
} from "../../http/problem-responses.ts";
import { CurrentPassword, Email, Password } from "../field-schemas.ts";
import {
  REVERIFY_PROBLEMS,
  SECURITY_CHANGE_PROBLEMS,
  securityCallerOf,
  throttledProblem,
} from "./me-shared.ts";
import { loadMe, ME_EXAMPLE, MeSchema } from "./profile-schemas.ts";

const tags = ["Profile & Security"];
const security = SESSION_SECURITY;
/** Every security change: a live session, a write, a JSON body, the change allowed to it. */
const changeProblems = [
  SESSION_PROBLEMS,
  ORIGIN_PROBLEMS,
  JSON_BODY_PROBLEMS,
  SECURITY_CHANGE_PROBLEMS,
] as const;
const NEW_EMAIL = "olivia@northwind.example";

const PasswordChangeSchema = z
  .object({
    currentPassword: CurrentPassword,
    newPassword: Password.openapi({
      description: "12 to 256 characters, no composition rules; common passwords are refused.",
    }),
  })
  .strict()
  .openapi("PasswordChange");

const EmailChangeSchema = z
  .object({ newEmail: Email, password: CurrentPassword })
  .strict()
  .openapi("EmailChange");

const EmailChangeStartedSchema = z
  .object({ newEmail: z.string(), expiresAt: Timestamp })
  .openapi("EmailChangeStarted");

const EmailConfirmSchema = z
  .object({ token: z.string().min(1, "must not be empty").max(200, "at most 200 characters") })
  .strict()
  .openapi("EmailConfirm");

/** `POST /v1/me/password`, `POST /v1/me/email` and `POST /v1/me/email/confirm`. */
export function meSecurityRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/password",
      operationId: "changePassword",
      tags,
      summary: "Change the password",
      description:
        "Needs the current password. Ends every other session of the user (this one stays) " +
        "and mails a security notice. After 10 wrong current passwords in 15 minutes: 429. " +
        "A widget token needs `allowSecurityChanges` (else 403).",
      security,
      request: {
        body: jsonBody(PasswordChangeSchema, {
          currentPassword: "demo-password",
          newPassword: "correct horse battery staple",
        }),
      },
      responses: {
        204: { description: "Changed; other sessions ended." },
        ...problems(...changeProblems, REVERIFY_PROBLEMS, {
          422: {
            VALIDATION_FAILED:
              "A field is missing or invalid, the current password is wrong, or the new one is too weak; `errors` names it.",
          },
        }),
      },
    }),
    async (c) => {
      const result = await changePassword(deps, securityCallerOf(c), c.req.valid("json"));
      if (result.status === "throttled") throw throttledProblem(result);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/email",
      operationId: "changeEmail",
      tags,
      summary: "Start a change of email address",
      description:
        "Needs the password. Mails a confirmation link to the new address (valid 24 hours); " +
        "the address changes once it is confirmed with `POST /v1/me/email/confirm`. " +
        "A widget token needs `allowSecurityChanges` (else 403).",
      security,
      request: {
        body: jsonBody(EmailChangeSchema, { newEmail: NEW_EMAIL, password: "demo-password" }),
      },
      responses: {
        202: json(EmailChangeStartedSchema, "Confirmation mail sent to the new address.", {
          newEmail: NEW_EMAIL,
          expiresAt: "2026-12-02T10:40:12.118Z",
        }),
        ...problems(...changeProblems, {
          409: { CONFLICT: `body.newEmail: "${NEW_EMAIL}" is already taken.` },
          422: {
            VALIDATION_FAILED:
              "A field is missing or invalid, the password is wrong, or it is your address already; `errors` names it.",
          },
          429: {
            RATE_LIMITED:
              "Too many wrong passwords, or too many changes of address requested. Try again later.",
          },
        }),
      },
    }),
    async (c) => {
      const started = await requestEmailChange(deps, securityCallerOf(c), c.req.valid("json"));
      if (started.status === "throttled") throw throttledProblem(started);
      return c.json(
        { newEmail: started.newEmail, expiresAt: started.expiresAt.toISOString() },
        202,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/email/confirm",
      operationId: "confirmEmail",
      tags,
      summary: "Confirm a change of email address",
      description:
        "With the token from the link mailed to the new address; it works once, for the user " +
        "who asked, within 24 hours. A notice goes to the old address.",
      security,
      request: {
        body: jsonBody(EmailConfirmSchema, { token: "ect_Jx3kQ9v2mTzW7cLr5nHa8YbE1uFd6sGp" }),
      },
      responses: {
        200: json(MeSchema, "The address is changed.", { ...ME_EXAMPLE, email: NEW_EMAIL }),
        ...problems(
          {
            400: { TOKEN_INVALID: "This link is not valid any more. Ask for a new one." },
            409: { CONFLICT: `body.token: "${NEW_EMAIL}" was taken meanwhile.` },
          },
          ...changeProblems,
        ),
      },
    }),
    async (c) => {
      const caller = securityCallerOf(c);
      const changed = await completeEmailChange(deps, caller, c.req.valid("json").token);
      if (!changed) {
        throw new ProblemError(400, "TOKEN_INVALID", {
          detail: "This link is not valid any more. Ask for a new one.",
        });
      }
      return c.json(await loadMe(deps, caller.userId), 200);
    },
  );

  return app;
}
