import {
  confirmEmailChange,
  EMAIL_CHANGE_TTL_MS,
  setPasswordHash,
  startEmailChange,
} from "../../accounts/profile-service.ts";
import { getUser } from "../../accounts/user-service.ts";
import { revokeUserSessions } from "../../auth/session-service.ts";
import { consumeThrottle } from "../../auth/throttle-service.ts";
import type { AppDeps } from "../../core/deps.ts";
import { hashPassword, PASSWORD_MAX_LENGTH } from "../../credentials/password.ts";
import { describeWeakPassword } from "../../credentials/password-policy.ts";
import {
  conflictResponse,
  createRoute,
  createRouter,
  json,
  jsonBody,
  ProblemSchema,
  problemResponses,
  Timestamp,
  z,
} from "../../http/openapi.ts";
import { fieldProblem, notFound, ProblemError } from "../../http/problem.ts";
import { sessionOf } from "../../http/session-auth.ts";
import { enqueueMail } from "../../mail/mail-outbox.ts";
import { emailChangeConfirmMail, emailChangedNoticeMail } from "../../mail/mail-templates.ts";
import { Email, Password } from "../vendor/customers/user-schemas.ts";
import {
  assertPassword,
  meProblemResponses,
  recordMyActivity,
  sendSecurityNotice,
} from "./me-shared.ts";
import { loadMe, MeSchema } from "./profile.ts";

const tags = ["Profile & Security"];
const security: Record<string, string[]>[] = [{ sessionCookie: [] }, { sessionBearer: [] }];

/** A password someone types to prove it is them: any length the policy could have allowed. */
const CurrentPassword = z
  .string()
  .min(1, "must not be empty")
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

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

/** Requests for a change of address (each sends a mail to a new address), per user. */
const EMAIL_CHANGE_THROTTLE = { limit: 5, windowMs: 60 * 60_000, blockMs: 60 * 60_000 };

/** `POST /v1/me/password`, `POST /v1/me/email` and `POST /v1/me/email/confirm`. */
export function meSecurityRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/password",
      tags,
      summary: "Change the password",
      description:
        "Needs the current password. Ends every other session of the user (this one stays) " +
        "and mails a security notice. After 10 wrong current passwords in 15 minutes: 429.",
      security,
      request: { body: jsonBody(PasswordChangeSchema) },
      responses: {
        204: { description: "Changed; other sessions ended." },
        ...problemResponses,
        ...meProblemResponses,
      },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const { currentPassword, newPassword } = c.req.valid("json");
      const user = await getUser(db, auth.userId);
      if (!user) throw notFound("user");
      await assertPassword(db, user, currentPassword, "body.currentPassword");
      const weak = describeWeakPassword(newPassword, { email: user.email, name: user.name });
      if (weak) throw fieldProblem("body.newPassword", weak);
      const passwordHash = await hashPassword(newPassword);
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await setPasswordHash(trx, user.id, passwordHash);
        const ended = await revokeUserSessions(trx, user.id, {
          exceptSessionId: auth.sessionId,
          now,
        });
        await recordMyActivity(trx, c, "password.changed", { sessionsEnded: ended });
        await sendSecurityNotice(trx, deps, user, "password_changed", now);
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/email",
      tags,
      summary: "Start a change of email address",
      description:
        "Needs the password. Mails a confirmation link to the new address (valid 24 hours); " +
        "the address changes once it is confirmed with `POST /v1/me/email/confirm`.",
      security,
      request: { body: jsonBody(EmailChangeSchema) },
      responses: {
        202: json(EmailChangeStartedSchema, "Confirmation mail sent to the new address."),
        ...problemResponses,
        ...conflictResponse,
        ...meProblemResponses,
      },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const body = c.req.valid("json");
      const user = await getUser(db, auth.userId);
      if (!user) throw notFound("user");
      await assertPassword(db, user, body.password, "body.password");
      const allowed = await consumeThrottle(
        db,
        `email-change:user:${user.id}`,
        EMAIL_CHANGE_THROTTLE,
      );
      if (!allowed.allowed) {
        throw new ProblemError(429, "RATE_LIMITED", {
          detail: "Too many changes of address requested. Try again later.",
          headers: { "Retry-After": String(allowed.retryAfterSeconds) },
          extensions: { retryAfter: allowed.retryAfterSeconds },
        });
      }
      const started = await db.transaction().execute(async (trx) => {
        const result = await startEmailChange(trx, {
          userId: user.id,
          currentEmail: user.email,
          newEmail: body.newEmail,
        });
        const link = `${config.publicUrl}/confirm-email?token=${encodeURIComponent(result.token)}`;
        await enqueueMail(
          trx,
          emailChangeConfirmMail(result.newEmail, {
            link,
            name: user.name,
            validMinutes: EMAIL_CHANGE_TTL_MS / 60_000,
          }),
        );
        await recordMyActivity(trx, c, "email.change_requested", { newEmail: result.newEmail });
        return result;
      });
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
      tags,
      summary: "Confirm a change of email address",
      description:
        "With the token from the link mailed to the new address; it works once, for the user " +
        "who asked, within 24 hours. A notice goes to the old address.",
      security,
      request: { body: jsonBody(EmailConfirmSchema) },
      responses: {
        200: json(MeSchema, "The address is changed."),
        400: {
          description: "`TOKEN_INVALID`: unknown, used, expired or another user's token.",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
        ...conflictResponse,
        401: problemResponses[401],
        422: problemResponses[422],
        415: meProblemResponses[415],
      },
    }),
    async (c) => {
      const auth = sessionOf(c);
      const { token } = c.req.valid("json");
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        const changed = await confirmEmailChange(trx, { userId: auth.userId, token, now });
        if (!changed) {
          throw new ProblemError(400, "TOKEN_INVALID", {
            detail: "This link is not valid any more. Ask for a new one.",
          });
        }
        const user = await getUser(trx, auth.userId);
        await enqueueMail(
          trx,
          emailChangedNoticeMail(changed.oldEmail, {
            newEmail: changed.newEmail,
            ...(user ? { name: user.name } : {}),
            at: now,
          }),
        );
        await recordMyActivity(trx, c, "email.changed", {
          oldEmail: changed.oldEmail,
          newEmail: changed.newEmail,
        });
      });
      return c.json(await loadMe(deps, auth.userId), 200);
    },
  );

  return app;
}
